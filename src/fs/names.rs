//! File names of downloads: the temp file beside a destination, and the special files (FIFOs,
//! sockets, devices) that are written in place.

use std::path::{Path, PathBuf};

/// `"." + 8` random characters from `0123456789abcdefABCDEF`.
pub fn random_file_extension() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"0123456789abcdefABCDEF";
    let mut rng = rand::rng();
    let mut s = String::from(".");
    for _ in 0..8 {
        s.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
    }
    s
}

/// A temp name next to `path`: the basename truncated so `basename + ".XXXXXXXX"` fits 255 bytes
/// (on a char boundary), in the same directory (so the final rename is atomic).
pub fn temp_filename(path: &Path) -> PathBuf {
    let suffix = random_file_extension();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let max = 255 - suffix.len();
    let mut cut = name.len().min(max);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let temp = format!("{}{}", &name[..cut], suffix);
    match path.parent() {
        Some(dir) => dir.join(temp),
        None => PathBuf::from(temp),
    }
}

/// True if `path` exists and is a character device, block device, FIFO or socket.
pub fn is_special_file(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    match std::fs::metadata(path) {
        Ok(m) => {
            let t = m.file_type();
            t.is_char_device() || t.is_block_device() || t.is_fifo() || t.is_socket()
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names() {
        let t = temp_filename(Path::new("/x/report.csv"));
        let name = t.file_name().unwrap().to_str().unwrap();
        assert_eq!(t.parent().unwrap(), Path::new("/x"));
        assert!(name.starts_with("report.csv."));
        assert_eq!(name.len(), "report.csv".len() + 9);
        assert!(name[11..].chars().all(|c| "0123456789abcdefABCDEF".contains(c)));
        let long = "a".repeat(300);
        let t = temp_filename(&Path::new("/x").join(&long));
        let name = t.file_name().unwrap().to_str().unwrap();
        assert_eq!(name.len(), 255);
        assert!(name.starts_with(&"a".repeat(246)));
        let multi = "é".repeat(200); // 400 bytes
        let t = temp_filename(&Path::new("/x").join(&multi));
        assert!(t.file_name().unwrap().len() <= 255);
    }

    #[test]
    fn special_files() {
        assert!(is_special_file(Path::new("/dev/null")));
        assert!(!is_special_file(Path::new("/etc/hostname")));
        assert!(!is_special_file(Path::new("/no/such/file")));
    }

}
