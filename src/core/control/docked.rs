//! The docked ship: it rides its host (the mission keeps it there), and the docking mechanism
//! pulls it in and closes the hooks after its time.

use super::rendezvous::{Rendezvous, RendezvousPhase};
use crate::core::events::{EventKind, Reported};

/// After contact, the hooks close once the docking mechanism has had its time.
pub fn close_hooks(plan: &mut Rendezvous, met_s: f64, log: &mut Reported) {
    let after_s = plan.approach.hooks_close_after_s;
    if let RendezvousPhase::Docked { contact, hooks_closed_at_s: hooks @ None, .. } = &mut plan.phase
        && met_s >= contact.met_s + after_s
    {
        *hooks = Some(met_s);
        log.push(met_s, EventKind::HooksClosed, Vec::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::control::rendezvous::Contact;
    use crate::core::control::rendezvous::Hands;
    use crate::core::control::rendezvous::tests::rendezvous_by_hand;
    use crate::core::replay::Replay;

    #[test]
    fn the_hooks_close_once_after_the_mechanisms_time() {
        let mut plan = rendezvous_by_hand(Hands::Live(Default::default(), Replay::empty("player", None)));
        let contact = Contact { met_s: 100.0, closing_mps: 0.1, lateral_miss_m: 0.0, misalignment_rad: 0.0 };
        plan.phase = RendezvousPhase::Docked { contact, hooks_closed_at_s: None, by_hand: None };
        let after = plan.approach.hooks_close_after_s;
        let mut log = Reported::default();
        close_hooks(&mut plan, 100.0 + after - 1.0, &mut log);
        assert!(log.0.is_empty());
        close_hooks(&mut plan, 100.0 + after, &mut log);
        close_hooks(&mut plan, 100.0 + after + 1.0, &mut log);
        assert_eq!(log.0.len(), 1);
        assert!(matches!(plan.phase, RendezvousPhase::Docked { hooks_closed_at_s: Some(t), .. } if t == 100.0 + after));
    }
}
