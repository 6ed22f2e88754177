//! Mail in and out: parsing, the loop guard, our identifiers, composing and SMTP.

pub mod compose;
pub mod filename;
pub mod ids;
pub mod loopguard;
pub mod parse;
pub mod smtp;
