//! Controllers: what flies a vehicle in each phase, each a module with its own tests. The
//! mission's step asks the one in charge for its command.

pub mod phasing;
pub mod pilot;
pub mod proximity;
