//! Mail in and out: parsing, the loop guard, our identifiers, composing and SMTP.

pub mod compose;
pub mod filename;
pub mod ids;
pub mod loopguard;
pub mod parse;
pub mod smtp;

/// The key attachment content is stored under: its SHA-256 in hex. Parsing
/// computes it off the writer's thread; the store keeps content once per key.
pub fn content_hash(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}
