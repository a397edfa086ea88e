//! The CRT engine: each transfer is one aws-c-s3 meta-request on the manager's one
//! [`S3Client`](crate::crt::s3::S3Client), driving the same [`TransferFuture`](crate::TransferFuture),
//! coordinator and subscribers as the classic engine.
//!
//! # Choosing the engine
//!
//! | `TransferConfig.engine` | upload path / bytes | upload stream | download to path | download to writer / special file | copy | delete |
//! |---|---|---|---|---|---|---|
//! | `Classic` | classic | classic | classic | classic | classic | classic |
//! | `Auto` (built with `crt`) | **CRT** (classic with a full-object checksum value) | classic | **CRT** | classic | **CRT** (unless versioned or SSE-C source, or `source_client`) | classic |
//! | `Auto` (built without `crt`) | classic | classic | classic | classic | classic | classic |
//! | `Crt` | CRT (a full-object checksum value on a multipart upload fails the transfer) | **refused** | CRT | **refused** | CRT (**refused**: versioned or SSE-C source, `source_client`) | CRT |
//!
//! `max_bandwidth` does not change the choice: both engines honour it (see the option table).
//!
//! "Refused" means `start()` returns [`TransferError::InvalidArgument`] at once, naming what the CRT
//! engine cannot run and suggesting `Engine::Auto`: `Engine::Crt` is an explicit request, so it is
//! never silently downgraded (use `Auto` to fall back). The engine that runs a transfer is in
//! [`TransferMeta::engine`](crate::TransferMeta::engine) and in a `debug` trace line
//! (`engine chosen`, target `s3transfer::crt_engine`).
//!
//! # Where the CRT engine gets its configuration
//!
//! A manager creates its one CRT client when [`TransferManager::prepare`](crate::TransferManager::prepare)
//! is called (which returns the creation's error) or else with its first CRT transfer; a creation
//! that failed is tried again by the next CRT transfer, which fails with its error. The constructor
//! never starts it in the background: a process that exits while the CRT's libraries are being
//! initialised on another thread aborts (aws-lc's random generator is torn down by the exit
//! handlers), and a short program that made an `Auto` manager only for a delete or a listing must
//! be able to return from `main` at once. All CRT transfers of the manager share the client; it is
//! released when the manager and its last transfer are gone. From the `aws-sdk-s3` client given to
//! the manager:
//!
//! * **region**: `client.config().region()` (`us-east-1` if unset);
//! * **endpoint URL**: the client's configured `endpoint_url` (read from the client's resolved
//!   config bag at request construction, without sending anything); `https://s3.<region>.amazonaws.com`
//!   when none is set. `http://` and `https://` both work (TLS with the system trust store);
//! * **addressing**: each bucket's address comes from the client's own endpoint rules, resolved
//!   with the client's endpoint parameters (region, endpoint URL, `force_path_style`, FIPS,
//!   dual-stack, accelerate): virtual-hosted (`https://bucket.s3.<region>.amazonaws.com/key`) where
//!   the SDK would use it, path-style for IP endpoints, `force_path_style(true)` and bucket names
//!   that cannot be host names. Buckets whose endpoint needs other signing than SigV4 for `s3` in the
//!   client's region (S3 Express directory buckets, multi-region access points, access points in
//!   another region) fail with [`TransferError::InvalidArgument`] suggesting `Engine::Classic`;
//! * **credentials**: the client's own SigV4 identity resolver (the credentials provider it was
//!   built with), called through a CRT delegate provider. Credentials are resolved on the
//!   manager's tokio runtime and cached; the CRT thread that signs a request reads the cache and
//!   only blocks (bounded, 30 s) when nothing valid is cached. A refresh starts in the background
//!   5 minutes before expiry. The CRT thread never runs the resolver itself, so a resolver that
//!   needs the tokio runtime cannot deadlock it.
//! * **timeouts**: the client's `timeout_config()`: `connect_timeout` becomes the CRT's TCP connect
//!   timeout, and `read_timeout` the CRT's stall bound (a connection with a request in flight that
//!   moves no bytes for that long, rounded up to whole seconds, is closed and the request retried; the
//!   CRT's own bound is 30 s). A stall that outlasts the retries fails a download with
//!   [`TransferError::RetriesExceeded`] (a [`TransferError::Network`] cause).
//!
//! # Every `TransferConfig` option on the CRT engine
//!
//! | option | CRT engine |
//! |---|---|
//! | `multipart_threshold` | mapped per upload (multipart iff size ≥ threshold, as classic); downloads: not used (the CRT splits GETs by part size) — logged at `debug` |
//! | `multipart_chunksize` | part size: uploads adjusted like classic (5 MiB..5 GiB, ≤ 10,000 parts); downloads: the ranged-GET part size, as given |
//! | `max_request_concurrency` | CRT `max_active_connections_override` |
//! | `num_download_attempts` | CRT `max_retries` per HTTP request (attempts − 1, at least 1: the CRT cannot be told "no retries"); applies to every request, not only GET bodies |
//! | `max_bandwidth` | a **hard cap** on the sum of the manager's transfers, as on the classic engine, through the manager's one [`LeakyBucket`](crate::bandwidth::LeakyBucket) (the CRT itself only has a throughput *target*): uploads read their body through a Rust `aws_async_input_stream` that hands the CRT 256 KiB at a time, each admitted by the bucket first; downloads use the CRT's read-window backpressure (`enable_read_backpressure`, initial window 512 KiB: two 256 KiB steps, so delivery overlaps the wait): bodies are delivered to us, written to the temp file, and the window is opened by each chunk's size once the bucket admitted it. Progress is reported as bytes pass the limiter (not once per part). The CRT may fetch up to one part ahead of the window, so the *network* rate is the cap averaged over a part; what reaches the file or the server follows the cap |
//! | `checksum_calculation` / `checksum_algorithm` | uploads: `WhenSupported` sends the algorithm as an aws-chunked trailer; `WhenRequired` sends none; a `ChecksumAlgorithm` extra arg picks the trailer algorithm (CRC32, CRC32C, CRC64NVME, SHA1, SHA256; others refused). Downloads always validate a response checksum when the server has one |
//! | `crt_memory_limit` | CRT `memory_limit_in_bytes` (default 256 MiB, the CRT's minimum, instead of its 2 GiB+: peak RSS stays under 150 MiB; 512 MiB made 1 GiB downloads about 13% faster at about 178 MiB RSS in the benchmark; with 4 MiB parts, 512 MiB gives that speed at about 90 MiB RSS on a CPU-bound host: see the README's benchmark notes) |
//! | `crt_throughput_target_gbps` | CRT throughput target (default 5 Gbps) |
//! | `max_submission_concurrency`, `max_request_queue_size`, `max_submission_queue_size`, `max_io_queue_size`, `io_chunksize`, `max_in_memory_upload_chunks`, `max_in_memory_download_chunks` | cannot change a CRT transfer's result (the CRT schedules, buffers and writes itself); when set to a non-default value a `warn` line says so once per manager |
//!
//! # Behaviour
//!
//! Callbacks drive the coordinator as on the classic engine: `on_queued` runs before the
//! meta-request is made, `on_progress` reports the CRT's own byte counts as they move (the sum over a
//! successful transfer is its size), a download is written by the CRT to a temp file in the
//! destination's directory and renamed over the destination before the future completes (removed on
//! failure; an existing destination is untouched). Python's **Q15** is fixed: a failed rename fails
//! the transfer, and `result()` returns only after the rename; `on_done` runs once, after that.
//! `cancel()` and `shutdown(cancel = true)` cancel the meta-request; a transfer is announced only
//! after the CRT's finish callback, i.e. after its last header/body/progress callback returned, and a
//! finished transfer's future holds no reference to the CRT (so dropping the manager releases it).
//! A panicking subscriber fails the transfer with [`TransferError::Fatal`] and cancels the request.
//!
//! Errors map onto the classic engine's variants and accessors: an upload's S3 error is
//! [`TransferError::S3UploadFailed`] wrapping [`TransferError::Service`]; a download's is `Service`
//! (412, or parts answered from different versions, → [`TransferError::S3DownloadFailed`]; transport
//! failures after the CRT's retries → [`TransferError::RetriesExceeded`] with a
//! [`TransferError::Network`] cause); a copy's is `Service` (412 → [`TransferError::S3CopyFailed`]);
//! a download the CRT cannot write to its file (disk full, file-size limit) is [`TransferError::Io`]
//! naming the temp file, as on the classic engine (aws-c-s3 itself reports no error code then);
//! other CRT failures are [`TransferError::Crt`]; a cancel reports the coordinator's
//! `Cancelled`/`Fatal` error. The CRT keeps neither the status nor the body of a 5xx it gave up
//! retrying: the status and request id come from its per-request telemetry, the code from the status
//! (500 → `InternalError`, 503 → `SlowDown`).
//!
//! Extra args become request headers (`Metadata` as `x-amz-meta-*`, SSE-C with the key MD5 filled in
//! when missing, ACL, tagging, object lock, ...; timestamps as HTTP dates; `VersionId` as a query
//! parameter), validated against the same allow-lists, synchronously.
//!
//! Downloads: every answer's ETag is checked (from the CRT's telemetry), so a download whose parts
//! come from two versions of the object fails even against a server that ignores `If-Match`.
//! Response checksums are validated when the server has them, except when both size and ETag were
//! provided (as on classic, that skips the HeadObject, which the CRT needs to validate; pass
//! `ChecksumMode` to validate anyway).
//! A server that answers HeadObject / GetObject without an ETag cannot be downloaded from on the
//! CRT (aws-c-s3 pins the later parts to the first answer's ETag and refuses the answer). Under
//! `Engine::Auto` the download then runs on the classic engine (nothing was written yet; an `info`
//! trace line says so and [`TransferMeta::engine`](crate::TransferMeta::engine) becomes `Classic`),
//! which downloads without `If-Match`, as s3transfer does. Under `Engine::Crt` the transfer fails
//! with [`TransferError::Crt`] `AWS_ERROR_S3_MISSING_ETAG`, its message naming both other engines.
//!
//! Copies: the source is measured with a HeadObject (skipped when size and ETag were provided);
//! aws-c-s3 then copies any object below 1 GiB with one `CopyObject` (larger ones in parts of at
//! least 128 MiB — `multipart_chunksize` does not apply). Where classic would have copied in parts
//! (size ≥ `multipart_threshold`), which gives the new object the caller's metadata args, the CRT
//! engine asks `CopyObject` for `MetadataDirective=REPLACE` when such args are given (and none was
//! given explicitly), and pins the source with `x-amz-copy-source-if-match`, so the result is the
//! same.
//!
//! # Cancelling a multipart upload
//!
//! aws-c-s3 cancels the requests in flight when a meta-request is cancelled, so a cancel while
//! `CreateMultipartUpload` is in flight would drop its answer: the upload exists on the server but
//! the CRT never learns its id and cannot abort it. The CRT engine therefore holds such a cancel
//! back until the create's answer has been parsed (at most 10 s), then cancels, and the CRT aborts
//! the upload, as the classic engine does.

use crate::config::Engine;
use crate::error::{Result, TransferError};

#[cfg(feature = "crt")]
mod addressing;
#[cfg(feature = "crt")]
mod credentials;
#[cfg(feature = "crt")]
mod headers;
#[cfg(feature = "crt")]
mod transfer;

#[cfg(feature = "crt")]
pub(crate) use transfer::{run_transfer, CrtSlot};

/// Placeholder for builds without the CRT: never holds a client.
#[cfg(not(feature = "crt"))]
#[derive(Default)]
pub(crate) struct CrtSlot;

#[cfg(not(feature = "crt"))]
impl CrtSlot {
    pub(crate) fn settle(&self, _deadline: std::time::Instant) {}

    pub(crate) fn closer(&self) -> Closer {
        Closer {}
    }
}

/// Waits for a manager's CRT client to be gone with all its threads (see `CrtSlot::closer`).
pub(crate) struct Closer {
    #[cfg(feature = "crt")]
    signals: Vec<crate::crt::io::ShutdownSignal>,
}

impl Closer {
    /// Waits until `deadline` for the client's and its event loop group's shutdown, then joins the
    /// CRT's housekeeping threads if no other event loop group is alive in the process. Returns
    /// whether everything finished in time (always true without a CRT client).
    pub(crate) fn wait(self, deadline: std::time::Instant) -> bool {
        #[cfg(feature = "crt")]
        {
            let left = || deadline.saturating_duration_since(std::time::Instant::now());
            if self.signals.is_empty() {
                return true;
            }
            if !self.signals.iter().all(|s| s.wait_timeout(left())) {
                return false;
            }
            // Another manager's (or the caller's own) CRT client may still be alive: its threads
            // are not ours to wait for, so that case counts as done.
            crate::crt::io::join_crt_threads(left()) || !crate::crt::io::no_live_event_loop_groups()
        }
        #[cfg(not(feature = "crt"))]
        {
            let _ = deadline;
            true
        }
    }
}

/// Whether this build has the CRT engine.
pub(crate) fn available() -> bool {
    cfg!(feature = "crt")
}

/// What the engine choice needs to know about a transfer.
pub(crate) enum Shape<'a> {
    /// Upload: `file` for a path, `known_len` for bytes, neither for a stream;
    /// `full_object_checksum` when the caller gave a full-object checksum value.
    Upload { file: bool, known_len: bool, full_object_checksum: bool },
    /// Download: `Some(dest)` for a path target.
    Download { path: Option<&'a std::path::Path> },
    /// Copy: whether the source is versioned / a separate source client was given.
    Copy { versioned: bool, source_client: bool, sse_c_source: bool },
    /// Delete.
    Delete,
}

/// The shape of a classic job.
pub(crate) fn shape(job: &crate::classic::Job) -> Shape<'_> {
    use crate::classic::Job;
    use crate::manager::{DownloadTarget, UploadSource};
    match job {
        Job::Upload(j) => Shape::Upload {
            file: matches!(j.source, UploadSource::Path(_)),
            known_len: matches!(j.source, UploadSource::Bytes(_)),
            full_object_checksum: j.extra_args.full_object_checksum().is_some(),
        },
        Job::Download(j) => Shape::Download {
            path: match &j.target {
                DownloadTarget::Path(p) => Some(p.as_path()),
                _ => None,
            },
        },
        Job::Copy(j) => Shape::Copy {
            versioned: j.source.version_id.is_some(),
            source_client: j.source_client.is_some(),
            sse_c_source: j.extra_args.contains("CopySourceSSECustomerKey"),
        },
        Job::Delete(_) => Shape::Delete,
    }
}

/// Picks the engine for one transfer; `Err(InvalidArgument)` when `Engine::Crt` was asked for a
/// transfer the CRT engine cannot run.
pub(crate) fn choose(config: &crate::config::TransferConfig, shape: &Shape<'_>) -> Result<Engine> {
    let requested = config.engine;
    if requested == Engine::Classic {
        return Ok(Engine::Classic);
    }
    let unsuited: Option<&str> = match shape {

        Shape::Upload { full_object_checksum: true, .. } if requested == Engine::Auto => {
            // The CRT engine sends a full-object value on single PUTs only; classic handles both.
            return Ok(Engine::Classic);
        }
        Shape::Upload { file, known_len, .. } => {
            if *file || *known_len {
                None
            } else {
                Some("an upload from a stream of unknown length (the CRT engine uploads files and bytes)")
            }
        }
        Shape::Download { path: Some(p) } => {
            if crate::utils::is_special_file(p) {
                Some("a download to a FIFO, socket or device (the CRT engine writes a temp file and renames it)")
            } else {
                None
            }
        }
        Shape::Download { path: None } => {
            Some("a download to a writer (the CRT engine downloads to files)")
        }
        Shape::Copy { versioned: true, .. } => Some("a copy from a versioned source"),
        Shape::Copy { sse_c_source: true, .. } => Some(
            "a copy of an SSE-C encrypted source (the CRT's own HeadObject of the source cannot carry the source key)",
        ),
        Shape::Copy { source_client: true, .. } => {
            Some("a copy with a separate source_client (the CRT signs every request with the manager's credentials)")
        }
        Shape::Copy { .. } => None,
        Shape::Delete => {
            // Auto keeps deletes on the classic engine (one plain request); Crt runs them too.
            if requested == Engine::Auto {
                return Ok(Engine::Classic);
            }
            None
        }
    };
    match (requested, unsuited, available()) {
        (Engine::Crt, _, false) => Err(TransferError::invalid(
            "engine Crt requested but this build has no CRT engine (build with the `crt` feature)",
        )),
        (Engine::Crt, Some(what), true) => Err(TransferError::invalid(format!(
            "engine Crt cannot run {what}; use Engine::Auto to let such transfers run on the classic engine"
        ))),
        (Engine::Crt, None, true) => Ok(Engine::Crt),
        (_, None, true) => Ok(Engine::Crt),
        _ => Ok(Engine::Classic),
    }
}

/// Whether a manager with this config may run transfers on the CRT.
pub(crate) fn may_use_crt(config: &crate::config::TransferConfig) -> bool {
    available() && config.engine != Engine::Classic
}

/// Checks the config options the CRT engine cannot honour; called at manager creation.
pub(crate) fn check_config(config: &crate::config::TransferConfig) -> Result<()> {
    if !may_use_crt(config) {
        return Ok(());
    }
    if config.crt_memory_limit < 256 * 1024 * 1024 || !config.crt_memory_limit.is_multiple_of(1024 * 1024) {
        return Err(TransferError::invalid(format!(
            "crt_memory_limit must be a whole number of MiB, at least 256 MiB (got {})",
            config.crt_memory_limit
        )));
    }
    if !(config.crt_throughput_target_gbps > 0.0 && config.crt_throughput_target_gbps.is_finite()) {
        return Err(TransferError::invalid(format!(
            "crt_throughput_target_gbps must be greater than 0 (got {})",
            config.crt_throughput_target_gbps
        )));
    }
    let d = crate::config::TransferConfig::default();
    let ignored: Vec<&str> = [
        ("max_submission_concurrency", config.max_submission_concurrency != d.max_submission_concurrency),
        ("max_request_queue_size", config.max_request_queue_size != d.max_request_queue_size),
        ("max_submission_queue_size", config.max_submission_queue_size != d.max_submission_queue_size),
        ("max_io_queue_size", config.max_io_queue_size != d.max_io_queue_size),
        ("io_chunksize", config.io_chunksize != d.io_chunksize),
        ("max_in_memory_upload_chunks", config.max_in_memory_upload_chunks != d.max_in_memory_upload_chunks),
        ("max_in_memory_download_chunks", config.max_in_memory_download_chunks != d.max_in_memory_download_chunks),
    ]
    .into_iter()
    .filter(|(_, set)| *set)
    .map(|(n, _)| n)
    .collect();
    if !ignored.is_empty() {
        tracing::warn!(
            options = ?ignored,
            "these TransferConfig options only apply to the classic engine; transfers run on the CRT ignore them \
             (the CRT schedules, buffers and writes on its own)"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(engine: Engine) -> crate::config::TransferConfig {
        crate::config::TransferConfig { engine, ..Default::default() }
    }

    #[test]
    fn classic_never_chooses_crt() {
        for shape in [
            Shape::Upload { file: true, known_len: true, full_object_checksum: false },
            Shape::Download { path: Some(std::path::Path::new("/tmp/x")) },
            Shape::Copy { versioned: false, source_client: false, sse_c_source: false },
            Shape::Delete,
        ] {
            assert_eq!(choose(&cfg(Engine::Classic), &shape).unwrap(), Engine::Classic);
        }
    }

    #[cfg(feature = "crt")]
    #[test]
    fn auto_and_crt_choices() {
        assert_eq!(choose(&cfg(Engine::Auto), &Shape::Upload { file: true, known_len: true, full_object_checksum: false }).unwrap(), Engine::Crt);
        assert_eq!(choose(&cfg(Engine::Auto), &Shape::Upload { file: false, known_len: false, full_object_checksum: false }).unwrap(), Engine::Classic);
        assert_eq!(choose(&cfg(Engine::Auto), &Shape::Download { path: None }).unwrap(), Engine::Classic);
        assert_eq!(choose(&cfg(Engine::Auto), &Shape::Delete).unwrap(), Engine::Classic);
        assert_eq!(choose(&cfg(Engine::Crt), &Shape::Delete).unwrap(), Engine::Crt);
        let e = choose(&cfg(Engine::Crt), &Shape::Download { path: None }).unwrap_err();
        assert!(matches!(e, TransferError::InvalidArgument { .. }) && e.to_string().contains("Engine::Auto"), "{e}");
        assert!(choose(&cfg(Engine::Crt), &Shape::Copy { versioned: true, source_client: false, sse_c_source: false }).is_err());
        assert_eq!(choose(&cfg(Engine::Auto), &Shape::Copy { versioned: true, source_client: false, sse_c_source: false }).unwrap(), Engine::Classic);
        let full = Shape::Upload { file: true, known_len: false, full_object_checksum: true };
        assert_eq!(choose(&cfg(Engine::Auto), &full).unwrap(), Engine::Classic);
        assert_eq!(choose(&cfg(Engine::Crt), &full).unwrap(), Engine::Crt);
        // max_bandwidth does not change the choice: both engines honour it.
        let limited = crate::config::TransferConfig { max_bandwidth: Some(1 << 20), ..cfg(Engine::Auto) };
        assert_eq!(choose(&limited, &Shape::Upload { file: true, known_len: true, full_object_checksum: false }).unwrap(), Engine::Crt);
        assert_eq!(choose(&limited, &Shape::Download { path: Some(std::path::Path::new("/tmp/x")) }).unwrap(), Engine::Crt);
    }

    #[cfg(not(feature = "crt"))]
    #[test]
    fn auto_is_classic_without_crt() {
        assert_eq!(choose(&cfg(Engine::Auto), &Shape::Upload { file: true, known_len: true, full_object_checksum: false }).unwrap(), Engine::Classic);
        assert!(choose(&cfg(Engine::Crt), &Shape::Delete).is_err());
    }
}
