//! `s3t_config`: the transfer configuration (every `TransferConfig` field and the engine) plus the
//! S3 client settings (region, endpoint, addressing, credentials) a manager is built from.

use std::ffi::c_char;
use std::sync::Mutex;

use super::{c_str, c_str_opt, guard, write_out, CResult, Fail, Registry};
use crate::config::{ChecksumAlgorithm, ChecksumCalculation, Engine, TransferConfig};

/// A configuration: create with `s3t_config_new()`, set fields, pass to `s3t_manager_new()` (which
/// copies it), free with `s3t_config_free()`.
#[allow(non_camel_case_types)]
pub struct s3t_config {
    _opaque: [u8; 0],
}

/// `s3t_config_set_engine()`: which engine runs transfers.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum s3t_engine {
    /// The CRT when this build has it and the request is one it handles, else classic (default).
    S3T_ENGINE_AUTO = 0,
    /// The pure-Rust engine over aws-sdk-s3.
    S3T_ENGINE_CLASSIC = 1,
    /// The AWS Common Runtime (aws-c-s3).
    S3T_ENGINE_CRT = 2,
}

/// `s3t_config_set_checksum_calculation()`: when upload checksums are sent.
#[allow(non_camel_case_types, dead_code)] // named in the C header; the setters take plain ints
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum s3t_checksum_calculation {
    /// On every upload (default).
    S3T_CHECKSUM_WHEN_SUPPORTED = 0,
    /// Only where S3 requires one or the caller passed checksum extra args.
    S3T_CHECKSUM_WHEN_REQUIRED = 1,
}

/// `s3t_config_set_checksum_algorithm()`: the default upload checksum algorithm.
#[allow(non_camel_case_types, dead_code)] // named in the C header; the setters take plain ints
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum s3t_checksum_algorithm {
    /// CRC32 (default).
    S3T_CHECKSUM_CRC32 = 0,
    /// CRC32C.
    S3T_CHECKSUM_CRC32C = 1,
    /// CRC64/NVME.
    S3T_CHECKSUM_CRC64NVME = 2,
    /// SHA-1.
    S3T_CHECKSUM_SHA1 = 3,
    /// SHA-256.
    S3T_CHECKSUM_SHA256 = 4,
}

/// Static credentials.
#[derive(Clone, Debug)]
pub(crate) struct StaticCredentials {
    pub(crate) access_key: String,
    pub(crate) secret_key: String,
    pub(crate) session_token: Option<String>,
}

/// What an `s3t_config` handle holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct CConfig {
    pub(crate) transfer: TransferConfig,
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) force_path_style: bool,
    pub(crate) credentials: Option<StaticCredentials>,
}

pub(crate) static CONFIGS: Registry<Mutex<CConfig>> = Registry::new("s3t_config");

fn with_config(cfg: *mut s3t_config, f: impl FnOnce(&mut CConfig) -> CResult<()>) -> CResult<()> {
    let handle = CONFIGS.get(cfg)?;
    let mut c = handle.lock().unwrap_or_else(|p| p.into_inner());
    f(&mut c)
}

fn usize_of(value: u64, field: &str) -> CResult<usize> {
    usize::try_from(value).map_err(|_| Fail::invalid(format!("{field} of value {value} is too large")))
}

/// Creates a configuration with s3transfer's defaults (8 MiB threshold and part size, 10
/// concurrent requests, engine AUTO, ...), no region (then `AWS_REGION`, else `us-east-1`), no
/// endpoint (AWS's), virtual-hosted addressing, and no credentials (then the environment's).
/// Returns `S3T_OK` and writes the handle to `*out_config`.
#[no_mangle]
pub extern "C" fn s3t_config_new(out_config: *mut *mut s3t_config) -> i32 {
    guard("s3t_config_new", || {
        if out_config.is_null() {
            return Err(Fail::null("out_config"));
        }
        // SAFETY: the out-pointer was checked not to be NULL; the header's contract for it.
        unsafe { write_out(out_config, CONFIGS.insert(Mutex::new(CConfig::default()))) };
        Ok(())
    })
}

/// Frees a configuration. NULL is a no-op (returns `S3T_OK`); a handle that was already freed is
/// `S3T_ERR_INVALID_HANDLE`. Managers created from it keep their own copy.
#[no_mangle]
pub extern "C" fn s3t_config_free(config: *mut s3t_config) -> i32 {
    guard("s3t_config_free", || {
        if config.is_null() {
            return Ok(());
        }
        CONFIGS.remove(config).map(drop)
    })
}

/// Size at or above which uploads go multipart and downloads/copies use ranged requests (bytes,
/// default 8 MiB). Values of 0 here and in the other numeric setters are refused by
/// `s3t_manager_new()` with a message naming the field.
#[no_mangle]
pub extern "C" fn s3t_config_set_multipart_threshold(config: *mut s3t_config, bytes: u64) -> i32 {
    guard("s3t_config_set_multipart_threshold", || with_config(config, |c| {
            c.transfer.multipart_threshold = bytes;
            Ok(())
        }))
}

/// Part size in bytes (default 8 MiB; uploads and copies adjust it to S3's limits).
#[no_mangle]
pub extern "C" fn s3t_config_set_multipart_chunksize(config: *mut s3t_config, bytes: u64) -> i32 {
    guard("s3t_config_set_multipart_chunksize", || with_config(config, |c| {
            c.transfer.multipart_chunksize = bytes;
            Ok(())
        }))
}

/// Maximum S3 requests in flight at once (default 10; boto3's `max_concurrency`).
#[no_mangle]
pub extern "C" fn s3t_config_set_max_request_concurrency(config: *mut s3t_config, value: u64) -> i32 {
    guard("s3t_config_set_max_request_concurrency", || {
        with_config(config, |c| {
            c.transfer.max_request_concurrency = usize_of(value, "max_request_concurrency")?;
            Ok(())
        })
    })
}

/// Maximum transfers being planned at once (default 5).
#[no_mangle]
pub extern "C" fn s3t_config_set_max_submission_concurrency(config: *mut s3t_config, value: u64) -> i32 {
    guard("s3t_config_set_max_submission_concurrency", || {
        with_config(config, |c| {
            c.transfer.max_submission_concurrency = usize_of(value, "max_submission_concurrency")?;
            Ok(())
        })
    })
}

/// Maximum queued request tasks (default 1000; kept for parity with s3transfer).
#[no_mangle]
pub extern "C" fn s3t_config_set_max_request_queue_size(config: *mut s3t_config, value: u64) -> i32 {
    guard("s3t_config_set_max_request_queue_size", || {
        with_config(config, |c| {
            c.transfer.max_request_queue_size = usize_of(value, "max_request_queue_size")?;
            Ok(())
        })
    })
}

/// Maximum queued submissions (default 1000; kept for parity with s3transfer).
#[no_mangle]
pub extern "C" fn s3t_config_set_max_submission_queue_size(config: *mut s3t_config, value: u64) -> i32 {
    guard("s3t_config_set_max_submission_queue_size", || {
        with_config(config, |c| {
            c.transfer.max_submission_queue_size = usize_of(value, "max_submission_queue_size")?;
            Ok(())
        })
    })
}

/// Maximum queued write tasks of downloads (default 1000; boto3's `max_io_queue`).
#[no_mangle]
pub extern "C" fn s3t_config_set_max_io_queue_size(config: *mut s3t_config, value: u64) -> i32 {
    guard("s3t_config_set_max_io_queue_size", || {
        with_config(config, |c| {
            c.transfer.max_io_queue_size = usize_of(value, "max_io_queue_size")?;
            Ok(())
        })
    })
}

/// Read/write size on download bodies in bytes (default 256 KiB).
#[no_mangle]
pub extern "C" fn s3t_config_set_io_chunksize(config: *mut s3t_config, bytes: u64) -> i32 {
    guard("s3t_config_set_io_chunksize", || {
        with_config(config, |c| {
            c.transfer.io_chunksize = usize_of(bytes, "io_chunksize")?;
            Ok(())
        })
    })
}

/// Attempts per GET stream on retryable network errors (default 5).
#[no_mangle]
pub extern "C" fn s3t_config_set_num_download_attempts(config: *mut s3t_config, value: u32) -> i32 {
    guard("s3t_config_set_num_download_attempts", || with_config(config, |c| {
            c.transfer.num_download_attempts = value;
            Ok(())
        }))
}

/// Upload parts held in memory at once (default 10).
#[no_mangle]
pub extern "C" fn s3t_config_set_max_in_memory_upload_chunks(config: *mut s3t_config, value: u64) -> i32 {
    guard("s3t_config_set_max_in_memory_upload_chunks", || {
        with_config(config, |c| {
            c.transfer.max_in_memory_upload_chunks = usize_of(value, "max_in_memory_upload_chunks")?;
            Ok(())
        })
    })
}

/// Parts of a download to a non-seekable target held beyond the oldest unwritten one (default 10).
#[no_mangle]
pub extern "C" fn s3t_config_set_max_in_memory_download_chunks(config: *mut s3t_config, value: u64) -> i32 {
    guard("s3t_config_set_max_in_memory_download_chunks", || {
        with_config(config, |c| {
            c.transfer.max_in_memory_download_chunks = usize_of(value, "max_in_memory_download_chunks")?;
            Ok(())
        })
    })
}

/// Bytes per second shared by all transfers of the manager; 0 means unlimited (the default).
#[no_mangle]
pub extern "C" fn s3t_config_set_max_bandwidth(config: *mut s3t_config, bytes_per_second: u64) -> i32 {
    guard("s3t_config_set_max_bandwidth", || {
        with_config(config, |c| {
            c.transfer.max_bandwidth = (bytes_per_second > 0).then_some(bytes_per_second);
            Ok(())
        })
    })
}

/// The engine: an `s3t_engine` value (`S3T_ENGINE_AUTO`, `S3T_ENGINE_CLASSIC`, `S3T_ENGINE_CRT`).
/// Another value is `S3T_ERR_INVALID_ARGUMENT`.
#[no_mangle]
pub extern "C" fn s3t_config_set_engine(config: *mut s3t_config, engine: i32) -> i32 {
    guard("s3t_config_set_engine", || {
        let engine = match engine {
            x if x == s3t_engine::S3T_ENGINE_AUTO as i32 => Engine::Auto,
            x if x == s3t_engine::S3T_ENGINE_CLASSIC as i32 => Engine::Classic,
            x if x == s3t_engine::S3T_ENGINE_CRT as i32 => Engine::Crt,
            other => return Err(Fail::invalid(format!("unknown engine {other} (expected an s3t_engine value)"))),
        };
        with_config(config, |c| {
            c.transfer.engine = engine;
            Ok(())
        })
    })
}

/// When upload checksums are sent: an `s3t_checksum_calculation` value.
#[no_mangle]
pub extern "C" fn s3t_config_set_checksum_calculation(config: *mut s3t_config, when: i32) -> i32 {
    guard("s3t_config_set_checksum_calculation", || {
        let when = match when {
            0 => ChecksumCalculation::WhenSupported,
            1 => ChecksumCalculation::WhenRequired,
            other => {
                return Err(Fail::invalid(format!(
                    "unknown checksum calculation {other} (expected an s3t_checksum_calculation value)"
                )))
            }
        };
        with_config(config, |c| {
            c.transfer.checksum_calculation = when;
            Ok(())
        })
    })
}

/// The default upload checksum algorithm: an `s3t_checksum_algorithm` value.
#[no_mangle]
pub extern "C" fn s3t_config_set_checksum_algorithm(config: *mut s3t_config, algorithm: i32) -> i32 {
    guard("s3t_config_set_checksum_algorithm", || {
        let algorithm = match algorithm {
            0 => ChecksumAlgorithm::Crc32,
            1 => ChecksumAlgorithm::Crc32c,
            2 => ChecksumAlgorithm::Crc64Nvme,
            3 => ChecksumAlgorithm::Sha1,
            4 => ChecksumAlgorithm::Sha256,
            other => {
                return Err(Fail::invalid(format!(
                    "unknown checksum algorithm {other} (expected an s3t_checksum_algorithm value)"
                )))
            }
        };
        with_config(config, |c| {
            c.transfer.checksum_algorithm = algorithm;
            Ok(())
        })
    })
}

/// CRT engine: memory for part buffers in bytes (a whole number of MiB, at least 256 MiB; default
/// 256 MiB).
#[no_mangle]
pub extern "C" fn s3t_config_set_crt_memory_limit(config: *mut s3t_config, bytes: u64) -> i32 {
    guard("s3t_config_set_crt_memory_limit", || with_config(config, |c| {
            c.transfer.crt_memory_limit = bytes;
            Ok(())
        }))
}

/// CRT engine: the throughput its connection pool is sized for, in gigabits per second (default 5.0).
#[no_mangle]
pub extern "C" fn s3t_config_set_crt_throughput_target_gbps(config: *mut s3t_config, gbps: f64) -> i32 {
    guard("s3t_config_set_crt_throughput_target_gbps", || {
        if !(gbps.is_finite() && gbps > 0.0) {
            return Err(Fail::invalid(format!("crt_throughput_target_gbps must be a positive number, got {gbps}")));
        }
        with_config(config, |c| {
            c.transfer.crt_throughput_target_gbps = gbps;
            Ok(())
        })
    })
}

/// The region requests are signed for (e.g. `"eu-west-1"`). Unset: `AWS_REGION`, else `us-east-1`.
#[no_mangle]
pub extern "C" fn s3t_config_set_region(config: *mut s3t_config, region: *const c_char) -> i32 {
    guard("s3t_config_set_region", || {
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let region = unsafe { c_str(region, "region") }?.to_owned();
        with_config(config, |c| {
            c.region = Some(region);
            Ok(())
        })
    })
}

/// The endpoint URL, e.g. `"http://127.0.0.1:9000"` for an S3-compatible server; NULL restores
/// AWS's endpoint.
#[no_mangle]
pub extern "C" fn s3t_config_set_endpoint_url(config: *mut s3t_config, endpoint_url: *const c_char) -> i32 {
    guard("s3t_config_set_endpoint_url", || {
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let url = unsafe { c_str_opt(endpoint_url, "endpoint_url") }?.map(str::to_owned);
        if let Some(u) = &url {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(Fail::invalid(format!("endpoint_url must start with http:// or https://, got {u:?}")));
            }
        }
        with_config(config, |c| {
            c.endpoint_url = url;
            Ok(())
        })
    })
}

/// Non-zero: path-style addressing (`http://host/bucket/key`), which an IP endpoint needs;
/// 0 (default): virtual-hosted style (`http://bucket.host/key`).
#[no_mangle]
pub extern "C" fn s3t_config_set_force_path_style(config: *mut s3t_config, force_path_style: i32) -> i32 {
    guard("s3t_config_set_force_path_style", || with_config(config, |c| {
            c.force_path_style = force_path_style != 0;
            Ok(())
        }))
}

/// Static credentials; `session_token` may be NULL. Without this call a manager takes
/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` from the environment when it
/// is created. The strings are copied.
#[no_mangle]
pub extern "C" fn s3t_config_set_credentials(
    config: *mut s3t_config,
    access_key_id: *const c_char,
    secret_access_key: *const c_char,
    session_token: *const c_char,
) -> i32 {
    guard("s3t_config_set_credentials", || {
        let creds = StaticCredentials {
            // SAFETY: C string arguments, valid for this call (the header's contract).
            access_key: unsafe { c_str(access_key_id, "access_key_id") }?.to_owned(),
            // SAFETY: C string arguments, valid for this call (the header's contract).
            secret_key: unsafe { c_str(secret_access_key, "secret_access_key") }?.to_owned(),
            // SAFETY: C string arguments, valid for this call (the header's contract).
            session_token: unsafe { c_str_opt(session_token, "session_token") }?.map(str::to_owned),
        };
        with_config(config, |c| {
            c.credentials = Some(creds);
            Ok(())
        })
    })
}
