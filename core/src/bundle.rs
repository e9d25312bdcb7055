//! The versioned binary bundle that [`Bot::to_bytes`](crate::Bot::to_bytes)
//! writes and [`Bot::from_bytes`](crate::Bot::from_bytes) reads.
//!
//! Layout (all integers little-endian):
//!
//! | bytes  | field                                           |
//! |--------|-------------------------------------------------|
//! | 0..4   | magic `KEFU`                                    |
//! | 4..6   | format version (`u16`, currently [`FORMAT_VERSION`]) |
//! | 6..8   | flags (`u16`, reserved, 0)                      |
//! | 8..12  | payload length in bytes (`u32`)                 |
//! | 12..16 | CRC-32 (IEEE) of the payload                    |
//! | 16..   | payload: postcard-encoded models (the FAQ word dictionary is stored as its sorted terms and rebuilt into an fst on load, because fst's builder output differs between 32- and 64-bit targets) |
//!
//! Reading rules: format versions from [`MIN_FORMAT_VERSION`] to
//! [`FORMAT_VERSION`] are accepted. An older version (a bundle whose models
//! this kefu no longer decodes: retrain it from its definition), a newer
//! version, bad magic, a bad checksum, truncation or trailing bytes
//! give a typed [`ErrorKind::Bundle`](crate::ErrorKind::Bundle) error naming
//! what was found and where. Reading never panics.
//!
//! The payload is deterministic: the same definition and seed give
//! byte-identical bundles on every platform (fixed hash, sorted maps,
//! `libm` for transcendental functions).

use crate::error::{Error, Result};

/// The four magic bytes at the start of every bundle.
pub const MAGIC: [u8; 4] = *b"KEFU";

/// The newest bundle format version this crate writes and reads.
///
/// History: 1 (kefu 0.1, first release); 2 (the FAQ index gained stemming
/// and scoring options, so version-1 payloads no longer decode); 3 (the
/// FAQ index stores the definition's synonym groups); 4 (matching forms fold
/// Arabic letter variants, [`text::fold_char`](crate::text::fold_char), so
/// the stored features and terms of Arabic examples and FAQ entries changed:
/// a version-3 bot would look Arabic messages up under other keys).
pub const FORMAT_VERSION: u16 = 4;

/// The oldest format version this crate still reads.
pub const MIN_FORMAT_VERSION: u16 = 4;

/// Size of the fixed header.
pub const HEADER_LEN: usize = 16;

/// A decoded bundle header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Format version.
    pub version: u16,
    /// Flags (reserved).
    pub flags: u16,
    /// Payload length in bytes.
    pub payload_len: u32,
    /// CRC-32 of the payload.
    pub checksum: u32,
}

/// Wraps `payload` in a header.
pub(crate) fn encode(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

fn show(bytes: &[u8]) -> String {
    if bytes.iter().all(|b| b.is_ascii_graphic()) {
        format!("`{}`", String::from_utf8_lossy(bytes))
    } else {
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!("0x{}", hex.join(""))
    }
}

/// Reads and checks the header without verifying the payload.
pub fn read_header(bytes: &[u8]) -> Result<Header> {
    if bytes.len() < 4 || bytes[..4] != MAGIC {
        let n = bytes.len().min(4);
        return Err(Error::bundle(format!(
            "bad magic at byte 0: expected `KEFU`, found {}{}",
            show(&bytes[..n]),
            if n < 4 {
                format!(" ({n} bytes in all)")
            } else {
                String::new()
            }
        )));
    }
    if bytes.len() < HEADER_LEN {
        return Err(Error::bundle(format!(
            "bundle truncated: the header needs {HEADER_LEN} bytes, found {}",
            bytes.len()
        )));
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let h = Header {
        version: u16_at(4),
        flags: u16_at(6),
        payload_len: u32_at(8),
        checksum: u32_at(12),
    };
    if h.version > FORMAT_VERSION {
        return Err(Error::bundle(format!(
            "bundle format version {} (byte 4) is newer than this kefu {} reads (up to {FORMAT_VERSION}); upgrade kefu",
            h.version,
            crate::VERSION
        )));
    }
    if h.version < MIN_FORMAT_VERSION {
        return Err(Error::bundle(format!(
            "bundle format version {} (byte 4) is older than this kefu {} reads (from {MIN_FORMAT_VERSION}); retrain the bot from its definition with `kefu train`",
            h.version,
            crate::VERSION
        )));
    }
    Ok(h)
}

/// Checks header, length and checksum; returns the header and the payload.
pub(crate) fn decode(bytes: &[u8]) -> Result<(Header, &[u8])> {
    let h = read_header(bytes)?;
    let have = bytes.len() - HEADER_LEN;
    let want = h.payload_len as usize;
    if have < want {
        return Err(Error::bundle(format!(
            "bundle truncated at byte {}: the header declares a {want}-byte payload, found {have} bytes",
            bytes.len()
        )));
    }
    if have > want {
        return Err(Error::bundle(format!(
            "{} unexpected trailing bytes after the payload at byte {}",
            have - want,
            HEADER_LEN + want
        )));
    }
    let payload = &bytes[HEADER_LEN..];
    let actual = crc32fast::hash(payload);
    if actual != h.checksum {
        return Err(Error::bundle(format!(
            "checksum mismatch: the header (byte 12) says {:#010x}, the payload hashes to {actual:#010x}",
            h.checksum
        )));
    }
    Ok((h, payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip() {
        let b = encode(b"hello");
        let (h, p) = decode(&b).unwrap();
        assert_eq!(p, b"hello");
        assert_eq!(h.version, FORMAT_VERSION);
        assert_eq!(h.payload_len, 5);
    }

    #[test]
    fn every_bad_case_is_typed_and_named() {
        let good = encode(b"payload");
        let e = decode(b"NOPE-and-more-bytes").unwrap_err();
        assert!(
            e.is_bundle()
                && e.to_string().contains("bad magic")
                && e.to_string().contains("`NOPE`"),
            "{e}"
        );
        let e = decode(b"").unwrap_err();
        assert!(e.to_string().contains("0 bytes in all"), "{e}");
        let e = decode(&good[..10]).unwrap_err();
        assert!(
            e.to_string().contains("header needs 16 bytes, found 10"),
            "{e}"
        );
        let e = decode(&good[..good.len() - 2]).unwrap_err();
        assert!(
            e.to_string().contains("truncated")
                && e.to_string().contains("7-byte payload, found 5"),
            "{e}"
        );
        let mut newer = good.clone();
        newer[4..6].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let e = decode(&newer).unwrap_err();
        assert!(e.to_string().contains("newer"), "{e}");
        // a version-1 bundle (before the FAQ format change) asks for a retrain
        let mut older = good.clone();
        older[4..6].copy_from_slice(&(MIN_FORMAT_VERSION - 1).to_le_bytes());
        let e = decode(&older).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Bundle);
        assert!(
            e.to_string().contains("older") && e.to_string().contains("retrain"),
            "{e}"
        );
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        let e = decode(&flipped).unwrap_err();
        assert!(e.to_string().contains("checksum mismatch"), "{e}");
        let mut longer = good.clone();
        longer.push(0);
        assert!(decode(&longer)
            .unwrap_err()
            .to_string()
            .contains("trailing"));
    }
}
