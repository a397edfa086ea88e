//! Part arithmetic of multipart transfers: S3's part limits, s3transfer's `ChunksizeAdjuster`, the
//! number of parts and the `Range` of each.

use crate::config::{GB, MB};

/// Maximum number of parts of a multipart upload.
pub const MAX_PARTS: u64 = 10_000;
/// Maximum part size (also the largest single PUT).
pub const MAX_SINGLE_UPLOAD_SIZE: u64 = 5 * GB;
/// Minimum part size (except the last part).
pub const MIN_UPLOAD_CHUNKSIZE: u64 = 5 * MB;

/// Adjusts a part size to S3's limits (s3transfer's `ChunksizeAdjuster`).
///
/// ```
/// use s3transfer::compat::utils::ChunksizeAdjuster;
/// let a = ChunksizeAdjuster::default();
/// assert_eq!(a.adjust_chunksize(1 << 20, Some(100 << 20)), 5 << 20); // clamped up to 5 MiB
/// assert_eq!(a.adjust_chunksize(8 << 20, Some(100_000 << 20)), 16 << 20); // doubled: <= 10,000 parts
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunksizeAdjuster {
    /// Largest part size.
    pub max_size: u64,
    /// Smallest part size.
    pub min_size: u64,
    /// Most parts.
    pub max_parts: u64,
}

impl Default for ChunksizeAdjuster {
    fn default() -> Self {
        Self { max_size: MAX_SINGLE_UPLOAD_SIZE, min_size: MIN_UPLOAD_CHUNKSIZE, max_parts: MAX_PARTS }
    }
}

impl ChunksizeAdjuster {
    /// Doubles `current` while the file would need more than `max_parts` parts (when the size is
    /// known), then clamps to `[min_size, max_size]`.
    pub fn adjust_chunksize(&self, current: u64, file_size: Option<u64>) -> u64 {
        let mut chunk = current.max(1);
        if let Some(size) = file_size {
            while calculate_num_parts(size, chunk) > self.max_parts {
                chunk *= 2;
            }
        }
        if chunk > self.max_size {
            self.max_size
        } else if chunk < self.min_size {
            self.min_size
        } else {
            chunk
        }
    }
}

/// The part size of a multipart upload or copy of `size` bytes (when known) asked to use `chunksize`:
/// [`ChunksizeAdjuster::default`]'s adjustment.
pub fn upload_part_size(chunksize: u64, size: Option<u64>) -> u64 {
    ChunksizeAdjuster::default().adjust_chunksize(chunksize, size)
}

/// `ceil(size / part_size)`.
pub fn calculate_num_parts(size: u64, part_size: u64) -> u64 {
    size.div_ceil(part_size.max(1))
}

/// `bytes=<start>-<end>` for part `part_index` (0-based). The last part is open-ended
/// (`bytes=N-`) unless `total_size` is given, then closed at `total_size - 1`.
///
/// ```
/// use s3transfer::compat::utils::{calculate_num_parts, calculate_range_parameter};
/// let n = calculate_num_parts(25, 10);
/// assert_eq!(n, 3);
/// assert_eq!(calculate_range_parameter(10, 1, n, None), "bytes=10-19");
/// assert_eq!(calculate_range_parameter(10, 2, n, None), "bytes=20-");
/// assert_eq!(calculate_range_parameter(10, 2, n, Some(25)), "bytes=20-24");
/// ```
pub fn calculate_range_parameter(part_size: u64, part_index: u64, num_parts: u64, total_size: Option<u64>) -> String {
    let start = part_index * part_size;
    let end = if part_index + 1 == num_parts {
        match total_size {
            Some(t) => (t - 1).to_string(),
            None => String::new(),
        }
    } else {
        (start + part_size - 1).to_string()
    };
    format!("bytes={start}-{end}")
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjuster_table() {
        let a = ChunksizeAdjuster::default();
        assert_eq!(a.adjust_chunksize(8 * MB, Some(100 * MB)), 8 * MB);
        assert_eq!(a.adjust_chunksize(MB, Some(100 * MB)), 5 * MB);
        assert_eq!(a.adjust_chunksize(6 * GB, Some(100 * GB)), 5 * GB);
        assert_eq!(a.adjust_chunksize(8 * MB, Some(100_000 * MB)), 16 * MB);
        assert_eq!(a.adjust_chunksize(MB, None), 5 * MB);
        assert_eq!(a.adjust_chunksize(6 * GB, None), 5 * GB);
        assert_eq!(a.adjust_chunksize(8 * MB, None), 8 * MB);
        // exactly 10,000 parts stays
        assert_eq!(a.adjust_chunksize(8 * MB, Some(10_000 * 8 * MB)), 8 * MB);
        assert_eq!(a.adjust_chunksize(8 * MB, Some(10_000 * 8 * MB + 1)), 16 * MB);
    }

    #[test]
    fn num_parts_and_ranges() {
        assert_eq!(calculate_num_parts(10, 5), 2);
        assert_eq!(calculate_num_parts(11, 5), 3);
        assert_eq!(calculate_num_parts(0, 5), 0);
        assert_eq!(calculate_range_parameter(5, 1, 3, None), "bytes=5-9");
        assert_eq!(calculate_range_parameter(5, 2, 3, None), "bytes=10-");
        assert_eq!(calculate_range_parameter(5, 2, 3, Some(12)), "bytes=10-11");
        assert_eq!(calculate_range_parameter(5, 0, 1, None), "bytes=0-");
    }

}
