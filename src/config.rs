//! [`TransferConfig`]: every field of s3transfer's `TransferConfig` (s3transfer/manager.py) with the same
//! defaults, plus the engine selector and checksum settings.
//!
//! Validation follows s3transfer: every numeric field must be greater than 0
//! (`max_bandwidth` may be `None`). Unlike Python, validation also runs when a manager is created,
//! so a config mutated after construction is still checked.

use crate::error::{Result, TransferError};

/// 1 KiB.
pub const KB: u64 = 1024;
/// 1 MiB.
pub const MB: u64 = 1024 * KB;
/// 1 GiB.
pub const GB: u64 = 1024 * MB;

/// Which engine runs a transfer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Engine {
    /// The CRT when the crate was built with the `crt` feature and the request is one it handles;
    /// otherwise the classic engine.
    #[default]
    Auto,
    /// The pure-Rust engine over `aws-sdk-s3`.
    Classic,
    /// The AWS Common Runtime (aws-c-s3).
    Crt,
}

/// When upload checksums are sent (s3transfer follows botocore's `request_checksum_calculation`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ChecksumCalculation {
    /// Send a checksum on every upload request (default algorithm [`TransferConfig::checksum_algorithm`]).
    #[default]
    WhenSupported,
    /// Send checksums only where S3 requires one or the caller passed checksum extra args
    /// (for S3-compatible stores that reject flexible checksums).
    WhenRequired,
}

/// The default upload checksum algorithm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ChecksumAlgorithm {
    /// CRC32 (s3transfer's default).
    #[default]
    Crc32,
    /// CRC32C.
    Crc32c,
    /// CRC64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// The S3 name (`"CRC32"`, `"CRC32C"`, `"CRC64NVME"`, `"SHA1"`, `"SHA256"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }
}

/// Configuration of a [`crate::TransferManager`]. `Default` gives s3transfer's defaults.
///
/// ```
/// use s3transfer::{TransferConfig, Engine};
/// let config = TransferConfig::builder()
///     .multipart_threshold(16 * 1024 * 1024)
///     .max_request_concurrency(20)
///     .engine(Engine::Classic)
///     .build()
///     .unwrap();
/// assert_eq!(config.multipart_chunksize, 8 * 1024 * 1024);
/// assert!(TransferConfig::builder().io_chunksize(0).build().is_err());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TransferConfig {
    /// Size at or above which uploads go multipart; downloads and copies use ranged GETs /
    /// UploadPartCopy when the size is not below it. Default 8 MiB.
    pub multipart_threshold: u64,
    /// Part size. Uploads and copies adjust it to S3's limits (5 MiB..5 GiB, at most 10,000 parts);
    /// downloads use it as given. Default 8 MiB.
    pub multipart_chunksize: u64,
    /// Maximum S3 requests in flight at once for this manager. Default 10.
    pub max_request_concurrency: usize,
    /// Maximum transfers being planned at once (HeadObject, size probing). Default 5.
    pub max_submission_concurrency: usize,
    /// Maximum queued request tasks (kept for parity; the async engine queues nothing beyond
    /// `max_request_concurrency`). Default 1000.
    pub max_request_queue_size: usize,
    /// Maximum queued submissions (kept for parity). Default 1000.
    pub max_submission_queue_size: usize,
    /// Maximum queued write tasks of downloads. Default 1000.
    pub max_io_queue_size: usize,
    /// Read/write size on download bodies. Default 256 KiB.
    pub io_chunksize: usize,
    /// Attempts per GET stream when the stream fails with a retryable (network) error. Default 5.
    pub num_download_attempts: u32,
    /// Upload parts held in memory at once (stream and bytes sources), shared by all transfers.
    /// Default 10.
    pub max_in_memory_upload_chunks: usize,
    /// Parts of a download to a non-seekable target allowed beyond the oldest unwritten one.
    /// Default 10.
    pub max_in_memory_download_chunks: usize,
    /// Bytes per second shared by all transfers of the manager; `None` = unlimited.
    pub max_bandwidth: Option<u64>,
    /// Which engine runs transfers.
    pub engine: Engine,
    /// When upload checksums are sent.
    pub checksum_calculation: ChecksumCalculation,
    /// The default upload checksum algorithm (used when `checksum_calculation` is
    /// `WhenSupported` and the caller passed no checksum extra args).
    pub checksum_algorithm: ChecksumAlgorithm,

    // --- CRT engine only (`docs/engines.md`) ---
    /// Memory the CRT may use for part buffers, in bytes (a whole number of MiB, at least 256 MiB;
    /// checked when a manager that may use the CRT is created). Default 256 MiB — the CRT's own
    /// default is 2 GiB or more, far above what a small machine should give one client.
    pub crt_memory_limit: u64,
    /// The throughput the CRT sizes its connection pool for, in gigabits per second (capped by
    /// `max_request_concurrency`). Default 5.0.
    pub crt_throughput_target_gbps: f64,
}

impl Default for TransferConfig {
    fn default() -> Self {
        Self {
            multipart_threshold: 8 * MB,
            multipart_chunksize: 8 * MB,
            max_request_concurrency: 10,
            max_submission_concurrency: 5,
            max_request_queue_size: 1000,
            max_submission_queue_size: 1000,
            max_io_queue_size: 1000,
            io_chunksize: 256 * KB as usize,
            num_download_attempts: 5,
            max_in_memory_upload_chunks: 10,
            max_in_memory_download_chunks: 10,
            max_bandwidth: None,
            engine: Engine::Auto,
            checksum_calculation: ChecksumCalculation::WhenSupported,
            checksum_algorithm: ChecksumAlgorithm::Crc32,
            crt_memory_limit: 256 * MB,
            crt_throughput_target_gbps: 5.0,
        }
    }
}

fn positive(name: &str, value: u64) -> Result<()> {
    if value == 0 {
        Err(TransferError::invalid(format!("Provided parameter {name} of value {value} must be greater than 0.")))
    } else {
        Ok(())
    }
}

impl TransferConfig {
    /// A builder starting from the defaults.
    pub fn builder() -> TransferConfigBuilder {
        TransferConfigBuilder { config: TransferConfig::default() }
    }

    /// Checks every field: numeric fields must be greater than 0 (s3transfer's rule); the error
    /// names the field: `Provided parameter <name> of value <v> must be greater than 0.`
    pub fn validate(&self) -> Result<()> {
        positive("multipart_threshold", self.multipart_threshold)?;
        positive("multipart_chunksize", self.multipart_chunksize)?;
        positive("max_request_concurrency", self.max_request_concurrency as u64)?;
        positive("max_submission_concurrency", self.max_submission_concurrency as u64)?;
        positive("max_request_queue_size", self.max_request_queue_size as u64)?;
        positive("max_submission_queue_size", self.max_submission_queue_size as u64)?;
        positive("max_io_queue_size", self.max_io_queue_size as u64)?;
        positive("io_chunksize", self.io_chunksize as u64)?;
        positive("num_download_attempts", self.num_download_attempts as u64)?;
        positive("max_in_memory_upload_chunks", self.max_in_memory_upload_chunks as u64)?;
        positive("max_in_memory_download_chunks", self.max_in_memory_download_chunks as u64)?;
        if let Some(bw) = self.max_bandwidth {
            positive("max_bandwidth", bw)?;
        }
        Ok(())
    }
}

/// Chainable builder for [`TransferConfig`]; setters are named like the fields.
#[derive(Clone, Debug)]
pub struct TransferConfigBuilder {
    config: TransferConfig,
}

macro_rules! setters {
    ($($name:ident : $ty:ty),* $(,)?) => {
        $(
            #[doc = concat!("Sets [`TransferConfig::", stringify!($name), "`].")]
            pub fn $name(mut self, value: $ty) -> Self {
                self.config.$name = value;
                self
            }
        )*
    };
}

impl TransferConfigBuilder {
    setters! {
        multipart_threshold: u64,
        multipart_chunksize: u64,
        max_request_concurrency: usize,
        max_submission_concurrency: usize,
        max_request_queue_size: usize,
        max_submission_queue_size: usize,
        max_io_queue_size: usize,
        io_chunksize: usize,
        num_download_attempts: u32,
        max_in_memory_upload_chunks: usize,
        max_in_memory_download_chunks: usize,
        engine: Engine,
        checksum_calculation: ChecksumCalculation,
        checksum_algorithm: ChecksumAlgorithm,
        crt_memory_limit: u64,
        crt_throughput_target_gbps: f64,
    }

    /// Sets [`TransferConfig::max_bandwidth`] (bytes per second, `None` = unlimited).
    pub fn max_bandwidth(mut self, value: impl Into<Option<u64>>) -> Self {
        self.config.max_bandwidth = value.into();
        self
    }

    /// boto3's alias of `max_request_concurrency`.
    pub fn max_concurrency(self, value: usize) -> Self {
        self.max_request_concurrency(value)
    }

    /// boto3's alias of `max_io_queue_size`.
    pub fn max_io_queue(self, value: usize) -> Self {
        self.max_io_queue_size(value)
    }

    /// Validates and returns the config.
    pub fn build(self) -> Result<TransferConfig> {
        self.config.validate()?;
        Ok(self.config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_s3transfer() {
        let c = TransferConfig::default();
        assert_eq!(c.multipart_threshold, 8 * MB);
        assert_eq!(c.multipart_chunksize, 8 * MB);
        assert_eq!(c.max_request_concurrency, 10);
        assert_eq!(c.max_submission_concurrency, 5);
        assert_eq!(c.max_request_queue_size, 1000);
        assert_eq!(c.max_submission_queue_size, 1000);
        assert_eq!(c.max_io_queue_size, 1000);
        assert_eq!(c.io_chunksize, 256 * 1024);
        assert_eq!(c.num_download_attempts, 5);
        assert_eq!(c.max_in_memory_upload_chunks, 10);
        assert_eq!(c.max_in_memory_download_chunks, 10);
        assert_eq!(c.max_bandwidth, None);
        assert_eq!(c.engine, Engine::Auto);
        c.validate().unwrap();
    }

    #[test]
    fn zero_rejected_naming_field() {
        let e = TransferConfig::builder().max_in_memory_upload_chunks(0).build().unwrap_err();
        assert_eq!(
            e.to_string(),
            "Provided parameter max_in_memory_upload_chunks of value 0 must be greater than 0."
        );
        let e = TransferConfig::builder().max_bandwidth(0).build().unwrap_err();
        assert!(e.to_string().contains("max_bandwidth"));
        TransferConfig::builder().max_bandwidth(None).build().unwrap();
        let e = TransferConfig::builder().num_download_attempts(0).build().unwrap_err();
        assert!(e.to_string().contains("num_download_attempts"));
        // Every count and size: 0 is refused with s3transfer's message naming that field.
        type SetZero = fn(&mut TransferConfig);
        let zeroed: [(&str, SetZero); 11] = [
            ("multipart_threshold", |c| c.multipart_threshold = 0),
            ("multipart_chunksize", |c| c.multipart_chunksize = 0),
            ("max_request_concurrency", |c| c.max_request_concurrency = 0),
            ("max_submission_concurrency", |c| c.max_submission_concurrency = 0),
            ("max_request_queue_size", |c| c.max_request_queue_size = 0),
            ("max_submission_queue_size", |c| c.max_submission_queue_size = 0),
            ("max_io_queue_size", |c| c.max_io_queue_size = 0),
            ("io_chunksize", |c| c.io_chunksize = 0),
            ("num_download_attempts", |c| c.num_download_attempts = 0),
            ("max_in_memory_upload_chunks", |c| c.max_in_memory_upload_chunks = 0),
            ("max_in_memory_download_chunks", |c| c.max_in_memory_download_chunks = 0),
        ];
        for (field, zero) in zeroed {
            let mut c = TransferConfig::default();
            zero(&mut c);
            let e = c.validate().unwrap_err();
            assert_eq!(e.to_string(), format!("Provided parameter {field} of value 0 must be greater than 0."));
        }
    }

    #[test]
    fn aliases() {
        let c = TransferConfig::builder().max_concurrency(3).max_io_queue(7).build().unwrap();
        assert_eq!(c.max_request_concurrency, 3);
        assert_eq!(c.max_io_queue_size, 7);
    }
}
