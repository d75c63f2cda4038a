//! Contact between vehicles: the probe's capture or bounce at the port, and strikes of any
//! other part, from the vehicles' contact shapes.

pub mod capture;
pub mod shapes;

pub use capture::{BOUNCE_RESTITUTION, CaptureEnvelope, Limit, ProbeContact, ProbeOutcome, bounce};
pub use shapes::{DockingShapes, ProbeTouch, ShapesCache, ShapesKey};
