//! Commands an operator runs beside the server: backups, restores and the
//! audit chain check. Each prints what it did and exits non-zero on failure.

pub mod audit;
pub mod backup;

use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a maintenance command stopped. Each variant maps to one exit code so
/// scripts can tell a damaged backup from a missing one.
#[derive(Debug)]
pub enum Failure {
    /// The command does not apply to this database (PostgreSQL backups).
    Unsupported(String),
    /// A file or database that must exist does not.
    Missing(String),
    /// Carrying on would overwrite something.
    Refused(String),
    /// A backup or database fails its checks.
    Damaged(String),
    Database(sqlx::Error),
    Io(std::io::Error),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Damaged(_) => 3,
            Failure::Unsupported(_) | Failure::Missing(_) | Failure::Refused(_) => 2,
            Failure::Database(_) | Failure::Io(_) => 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Unsupported(m)
            | Failure::Missing(m)
            | Failure::Refused(m)
            | Failure::Damaged(m) => f.write_str(m),
            Failure::Database(e) => write!(f, "database error: {e}"),
            Failure::Io(e) => write!(f, "file error: {e}"),
        }
    }
}

impl std::error::Error for Failure {}

impl From<sqlx::Error> for Failure {
    fn from(error: sqlx::Error) -> Self {
        Failure::Database(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Io(error)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Size and SHA-256 of a file, read in pieces (snapshots can be large).
pub fn file_sha256(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        size += read as u64;
        hasher.update(&buffer[..read]);
    }
    Ok((size, hex(&hasher.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_a_file_in_pieces_like_a_whole() {
        let path = std::env::temp_dir().join(format!("seawall-hash-{}", std::process::id()));
        let content: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &content).unwrap();
        let (size, sha) = file_sha256(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(size, 3_000_000);
        assert_eq!(sha, sha256_hex(&content));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
