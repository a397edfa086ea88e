//! End-to-end validation of a downloaded file against the object's stored checksum, on both engines.
//!
//! With `ChecksumMode=ENABLED` a single-GET download is validated by whoever reads the response (the
//! aws-sdk-s3 client on the classic engine, aws-c-s3 on the CRT engine). A *ranged* download is not:
//! S3 sends no checksum with a range, so Python s3transfer and the CRT write such a file unchecked.
//! Here the manager checks the whole file before it is renamed into place:
//!
//! - a **full-object** checksum (`x-amz-checksum-type: FULL_OBJECT`, which every single-request upload
//!   and every full-object multipart upload has) is recomputed over the file and compared;
//! - a **composite** checksum (`<base64>-<N>`, the checksum of the N part checksums of a multipart
//!   upload) is recomputed from the part layout that `HeadObject?partNumber=1` reports (part size and
//!   part count), the layout every uploader we know of uses (equal parts, a shorter last one). When the
//!   reported part count does not fit that layout the file cannot be checked this way: a warning is
//!   logged and the file is accepted, as peers do for every ranged download.
//!
//! A mismatch fails the transfer with [`TransferError::ChecksumMismatch`] and the temporary file is
//! removed: the destination is never written.

use std::io::Read;
use std::path::Path;

use aws_sdk_s3::operation::head_object::HeadObjectOutput;
use aws_smithy_checksums::ChecksumAlgorithm;
use aws_smithy_types::base64;

use crate::args::ExtraArgs;
use crate::error::{Result, TransferError};

/// The object's stored checksum, as HeadObject with `ChecksumMode=ENABLED` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredChecksum {
    /// The algorithm (`CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`, `SHA256`).
    pub(crate) algorithm: ChecksumAlgorithm,
    /// The base64 value, without a `-N` suffix.
    pub(crate) value: String,
    /// `Some(N)` for a composite checksum over N parts.
    pub(crate) parts: Option<u32>,
}

impl StoredChecksum {
    /// The first checksum header present on a HeadObject answer (S3 returns at most one).
    pub(crate) fn from_head(out: &HeadObjectOutput) -> Option<Self> {
        let found = [
            (ChecksumAlgorithm::Crc64Nvme, out.checksum_crc64_nvme()),
            (ChecksumAlgorithm::Crc32c, out.checksum_crc32_c()),
            (ChecksumAlgorithm::Crc32, out.checksum_crc32()),
            (ChecksumAlgorithm::Sha256, out.checksum_sha256()),
            (ChecksumAlgorithm::Sha1, out.checksum_sha1()),
        ]
        .into_iter()
        .find_map(|(a, v)| v.map(|v| (a, v)))?;
        Some(Self::parse(found.0, found.1))
    }

    fn parse(algorithm: ChecksumAlgorithm, header: &str) -> Self {
        match header.rsplit_once('-') {
            Some((value, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                Self { algorithm, value: value.to_owned(), parts: n.parse().ok() }
            }
            _ => Self { algorithm, value: header.to_owned(), parts: None },
        }
    }

    fn name(&self) -> String {
        self.algorithm.as_str().to_ascii_uppercase()
    }

    fn display(&self) -> String {
        match self.parts {
            Some(n) => format!("{}-{n}", self.value),
            None => self.value.clone(),
        }
    }
}

/// Whether the download asked for checksum validation (`ChecksumMode=ENABLED`, any case).
pub(crate) fn validation_requested(args: &ExtraArgs) -> bool {
    args.get("ChecksumMode").is_some_and(|v| v.eq_ignore_ascii_case("ENABLED"))
}

/// Asks S3 for the stored checksum of `bucket/key` (the version in `etag`, when given) and, for a
/// composite one, the size of part 1. `None` when the object carries no checksum.
pub(crate) async fn fetch_stored(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
    args: &ExtraArgs,
    etag: Option<&str>,
) -> Result<Option<(StoredChecksum, Option<u64>)>> {
    let head = |part: Option<i32>| async move {
        let mut req = super::shape::head_object(client.head_object().bucket(bucket).key(key), args)?
            .checksum_mode(aws_sdk_s3::types::ChecksumMode::Enabled);
        if let Some(etag) = etag {
            req = req.if_match(etag);
        }
        if let Some(p) = part {
            req = req.part_number(p);
        }
        req.send().await.map_err(|e| TransferError::from_sdk("HeadObject", e))
    };
    let Some(stored) = StoredChecksum::from_head(&head(None).await?) else {
        return Ok(None);
    };
    let part_size = match stored.parts {
        Some(_) => head(Some(1)).await?.content_length().map(|n| n.max(0) as u64),
        None => None,
    };
    Ok(Some((stored, part_size)))
}

/// The error for a mismatch found by a reader that names neither value (the CRT, while it reads a
/// response): the stored checksum is asked for again so the error says what was expected.
#[cfg(feature = "crt")]
pub(crate) async fn reported_mismatch(client: &aws_sdk_s3::Client, bucket: &str, key: &str, args: &ExtraArgs) -> TransferError {
    let stored = fetch_stored(client, bucket, key, args, None).await.ok().flatten().map(|(s, _)| s);
    TransferError::ChecksumMismatch {
        bucket: bucket.to_owned(),
        key: key.to_owned(),
        algorithm: stored.as_ref().map_or_else(|| "response".to_owned(), StoredChecksum::name),
        expected: stored.as_ref().map_or_else(|| "unknown".to_owned(), StoredChecksum::display),
        calculated: None,
    }
}

/// Recomputes the checksum of the `size`-byte file at `path` and compares it with `stored`
/// (blocking: reads the whole file).
pub(crate) fn verify_file(path: &Path, size: u64, stored: &StoredChecksum, part_size: Option<u64>, bucket: &str, key: &str) -> Result<()> {
    let mismatch = |calculated: String| TransferError::ChecksumMismatch {
        bucket: bucket.to_owned(),
        key: key.to_owned(),
        algorithm: stored.name(),
        expected: stored.display(),
        calculated: Some(calculated),
    };
    let io = |e: std::io::Error| TransferError::io(&e, Some(path));
    let mut file = std::fs::File::open(path).map_err(io)?;
    match stored.parts {
        None => {
            let digest = digest_range(&mut file, size, stored.algorithm).map_err(io)?;
            let calculated = base64::encode(&digest);
            if calculated != stored.value {
                return Err(mismatch(calculated));
            }
        }
        Some(n) => {
            let Some(layout) = part_size.filter(|&p| p > 0 && size.div_ceil(p) == u64::from(n)) else {
                tracing::warn!(
                    target: "s3transfer::checksum",
                    bucket, key, parts = n, ?part_size, size,
                    "composite checksum not checked: the object's part layout is not equal-sized parts"
                );
                return Ok(());
            };
            let mut outer = stored.algorithm.into_impl();
            let mut left = size;
            while left > 0 {
                let len = left.min(layout);
                outer.update(&digest_range(&mut file, len, stored.algorithm).map_err(io)?);
                left -= len;
            }
            let calculated = base64::encode(outer.finalize());
            if calculated != stored.value {
                return Err(mismatch(format!("{calculated}-{n}")));
            }
        }
    }
    Ok(())
}

/// The digest of the next `len` bytes of `file`.
fn digest_range(file: &mut std::fs::File, len: u64, algorithm: ChecksumAlgorithm) -> std::io::Result<bytes::Bytes> {
    let mut hasher = algorithm.into_impl();
    let mut buf = vec![0u8; 1 << 20];
    let mut left = len;
    while left > 0 {
        let want = left.min(buf.len() as u64) as usize;
        let n = file.read(&mut buf[..want])?;
        if n == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "file shorter than the object"));
        }
        hasher.update(&buf[..n]);
        left -= n as u64;
    }
    Ok(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(data: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, data).unwrap();
        f
    }

    fn crc32_b64(data: &[u8]) -> String {
        let mut h = ChecksumAlgorithm::Crc32.into_impl();
        h.update(data);
        base64::encode(h.finalize())
    }

    #[test]
    fn parses_full_object_and_composite_values() {
        assert_eq!(StoredChecksum::parse(ChecksumAlgorithm::Crc32, "AAAAAA==").parts, None);
        let c = StoredChecksum::parse(ChecksumAlgorithm::Crc32, "AAAAAA==-12");
        assert_eq!((c.value.as_str(), c.parts), ("AAAAAA==", Some(12)));
    }

    #[test]
    fn full_object_checksum_accepts_the_right_file_and_rejects_a_changed_one() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let f = write(&data);
        let stored = StoredChecksum::parse(ChecksumAlgorithm::Crc32, &crc32_b64(&data));
        verify_file(f.path(), data.len() as u64, &stored, None, "b", "k").unwrap();
        let mut other = data.clone();
        other[1_234_567] ^= 1;
        let g = write(&other);
        let e = verify_file(g.path(), other.len() as u64, &stored, None, "b", "k").unwrap_err();
        assert!(matches!(e, TransferError::ChecksumMismatch { .. }), "{e:?}");
    }

    #[test]
    fn composite_checksum_is_the_checksum_of_the_part_checksums() {
        let data: Vec<u8> = (0..2_500_000u32).map(|i| (i % 253) as u8).collect();
        let part = 1_000_000usize;
        let mut concat = Vec::new();
        for p in data.chunks(part) {
            let mut h = ChecksumAlgorithm::Crc32.into_impl();
            h.update(p);
            concat.extend_from_slice(&h.finalize());
        }
        let header = format!("{}-3", crc32_b64(&concat));
        let stored = StoredChecksum::parse(ChecksumAlgorithm::Crc32, &header);
        let f = write(&data);
        verify_file(f.path(), data.len() as u64, &stored, Some(part as u64), "b", "k").unwrap();
        // The same bytes under a different (unknown) layout are not judged.
        verify_file(f.path(), data.len() as u64, &stored, Some(700_000), "b", "k").unwrap();
        let mut other = data.clone();
        other[2_400_000] ^= 0x80;
        let g = write(&other);
        let e = verify_file(g.path(), other.len() as u64, &stored, Some(part as u64), "b", "k").unwrap_err();
        assert!(e.to_string().contains("CRC32"), "{e}");
    }
}
