//! Engine choice and dispatch: which engine runs a transfer ([`choose`], from `TransferConfig.engine`
//! and the transfer's [`Shape`]), the checks of options an engine cannot honour ([`check_config`]),
//! and the one fallback between engines (a download the CRT cannot run because the server sends no
//! ETag is redone on the classic engine under `Engine::Auto`). The engines themselves, `classic/` and
//! `crt/`, mirror each other file for file and never import each other. See `docs/engines.md`.

use std::sync::Arc;

use crate::config::Engine;
use crate::error::{Result, TransferError};
use crate::runtime::{ManagerContext, TransferCtx};
use crate::transfer::{DownloadTarget, Job, UploadSource};

pub(crate) mod classic;
#[cfg(feature = "crt")]
pub(crate) mod crt;

/// The engines' own state of one manager: the classic engine has none; the CRT engine has its one
/// client, made by `prepare()` or the first CRT transfer.
#[derive(Default)]
pub(crate) struct Engines {
    #[cfg(feature = "crt")]
    crt: Arc<crt::CrtSlot>,
}

impl Engines {
    /// Makes what the manager's engines need before a first transfer (the CRT client, when the CRT
    /// may be used) and returns what stops that.
    pub(crate) async fn prepare(&self, shared: &Arc<ManagerContext>) -> Result<()> {
        #[cfg(feature = "crt")]
        if may_use_crt(&shared.config) {
            return self.crt.ready(shared).await;
        }
        let _ = shared;
        Ok(())
    }

    /// What [`Closer::wait`] needs to see the engines gone, once every creation started by
    /// [`Engines::prepare`] has ended (at most until `deadline`).
    pub(crate) fn closer(&self, deadline: std::time::Instant) -> Closer {
        #[cfg(feature = "crt")]
        {
            self.crt.settle(deadline);
            Closer { crt: self.crt.closer() }
        }
        #[cfg(not(feature = "crt"))]
        {
            let _ = deadline;
            Closer {}
        }
    }
}

/// Waits for a manager's engines to be gone with all their threads.
pub(crate) struct Closer {
    #[cfg(feature = "crt")]
    crt: crt::Closer,
}

impl Closer {
    /// Waits until `deadline`; whether everything stopped in time (always, without a CRT client).
    pub(crate) fn wait(self, deadline: std::time::Instant) -> bool {
        #[cfg(feature = "crt")]
        {
            self.crt.wait(deadline)
        }
        #[cfg(not(feature = "crt"))]
        {
            let _ = deadline;
            true
        }
    }
}

/// Runs one transfer's work on `engine` (the result the lifecycle records).
pub(crate) async fn run(engines: Arc<Engines>, engine: Engine, ctx: TransferCtx, job: Job) -> Result<()> {
    match engine {
        #[cfg(feature = "crt")]
        Engine::Crt => match job {
            Job::Download(j) => {
                // `Engine::Auto`: a server that sends no ETag cannot serve the CRT's download, but it
                // can serve the classic engine's (nothing was written: the CRT fails on the first
                // answer, before any progress, and removes its temp file).
                let fallback = if ctx.config().engine == Engine::Auto { j.to_path_twin() } else { None };
                match (crt::run(&engines.crt, &ctx, Job::Download(j)).await, fallback) {
                    (Err(e), Some(j)) if crt::is_missing_etag(&e) => {
                        tracing::info!(
                            target: "s3transfer::engine",
                            transfer_id = ctx.id(),
                            "the server sent no ETag, which the CRT needs: downloading on the classic engine"
                        );
                        ctx.future.meta().set_engine(Engine::Classic);
                        classic::run(&ctx, Job::Download(j)).await
                    }
                    (result, _) => result,
                }
            }
            job => crt::run(&engines.crt, &ctx, job).await,
        },
        _ => {
            let _ = &engines;
            classic::run(&ctx, job).await
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

/// The shape of a job.
pub(crate) fn shape(job: &Job) -> Shape<'_> {
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
            if crate::fs::is_special_file(p) {
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
