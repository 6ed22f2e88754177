//! Trust anchors from a `ca_file`, one loader for IMAP and SMTP.

use std::path::Path;

/// Every certificate of a PEM file, in order: a bundle of a root and its
/// intermediates trusts them all, not only the first. The error says which file
/// and what is wrong with it.
pub fn ca_bundle(path: &Path) -> Result<Vec<native_tls::Certificate>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let certs = native_tls::Certificate::stack_from_pem(&pem)
        .map_err(|e| format!("{} is not a PEM certificate bundle: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{} holds no PEM certificate", path.display()));
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_missing_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let e = ca_bundle(&empty).err().expect("an error");
        assert!(e.contains("empty.pem"), "{e}");
        let e = ca_bundle(&dir.path().join("missing.pem"))
            .err()
            .expect("an error");
        assert!(e.starts_with("cannot read"), "{e}");
    }
}
