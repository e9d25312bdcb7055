//! Bundle format. (Being written.)
/// The newest bundle format version this crate writes.
pub const FORMAT_VERSION: u16 = 1;
