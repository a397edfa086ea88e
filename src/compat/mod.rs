//! s3transfer-parity surfaces that the manager's engines do not use: the legacy [`legacy::S3Transfer`],
//! the [`processpool::ProcessPoolDownloader`], s3transfer's `BoundedExecutor` ([`executor`]) and the
//! helpers of `s3transfer/utils.py` ([`utils`]). New code wants [`crate::TransferManager`].

pub mod executor;
mod files;
pub mod legacy;
pub mod processpool;

/// The names of `s3transfer/utils.py`: part arithmetic, temp names, the ordering buffer, the
/// semaphores and the file objects, each re-exported from where the crate keeps it.
pub mod utils {
    pub use super::files::{DeferredOpenFile, OsUtils, ProgressCallback, ReadFileChunk, StreamReaderProgress};
    pub use crate::fs::{is_special_file, random_file_extension, temp_filename, DeferQueue};
    pub use crate::runtime::{NoResourcesAvailable, SemaphoreError, SlidingWindowSemaphore, TaskSemaphore};
    pub use crate::s3::get::validate_content_range;
    pub use crate::s3::parts::{
        calculate_num_parts, calculate_range_parameter, ChunksizeAdjuster, MAX_PARTS, MAX_SINGLE_UPLOAD_SIZE,
        MIN_UPLOAD_CHUNKSIZE,
    };
}
