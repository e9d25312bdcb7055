//! Arbitrary bytes → facts and context (text, language, intent, FAQ,
//! sentiment with NaN and infinities, entities, customer, time zones,
//! attributes of any type, any instant) → evaluation of a fixed policy at
//! both trace levels, at an injected instant, and `why_not` for every rule.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod fuzz_input {
    include!("../../core/src/policy/fuzz_input.rs");
}

fn policy() -> &'static kefu::policy::Policy {
    static POLICY: OnceLock<kefu::policy::Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        kefu::policy::Policy::parse(fuzz_input::POLICY, &fuzz_input::schema())
            .unwrap_or_else(|e| panic!("the fuzz policy is valid: {e}"))
    })
}

fuzz_target!(|data: &[u8]| {
    fuzz_input::evaluate(policy(), data);
});
