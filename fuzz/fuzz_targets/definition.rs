//! Arbitrary text → `BotDefinition::from_json` and `from_yaml` (parsing and
//! validation); a small valid definition trains, and its bundle round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod fuzz_input {
    include!("../../core/src/fuzz_input.rs");
}

fuzz_target!(|data: &[u8]| {
    fuzz_input::definition(data);
});
