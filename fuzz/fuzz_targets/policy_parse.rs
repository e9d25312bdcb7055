//! Arbitrary text → `Policy::parse` with a small schema; a policy that
//! parses must print and serialize to text and JSON that read back the same,
//! and evaluate without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod fuzz_input {
    include!("../../core/src/policy/fuzz_input.rs");
}

fuzz_target!(|data: &[u8]| {
    fuzz_input::parse(data);
});
