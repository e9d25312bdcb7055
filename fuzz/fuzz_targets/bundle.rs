//! Arbitrary bytes → `Bot::from_bytes` (an odd first byte puts the rest
//! behind a valid header, to reach the payload decoder); a bundle that loads
//! analyzes and writes itself back identically.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod fuzz_input {
    include!("../../core/src/fuzz_input.rs");
}

fuzz_target!(|data: &[u8]| {
    fuzz_input::bundle(data);
});
