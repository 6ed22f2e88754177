//! Tests of hd anonymize (being written).
