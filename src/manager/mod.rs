//! [`TransferManager`]: s3transfer's `TransferManager` (`s3transfer/manager.py`): upload, download,
//! copy, delete and shutdown, with request builders ([`UploadRequest`], ...) and directory transfers.
//!
//! Each call validates its arguments synchronously (extra args against the allow-lists, the
//! bucket), creates a coordinator, metadata and [`TransferFuture`], and hands the transfer to the
//! manager's own tokio runtime; everything else (missing file, S3 errors, ...) is reported through
//! the future.
//!
//! Differences from Python s3transfer:
//! * `shutdown(cancel = true, msg)` cancels every unfinished transfer with
//!   `Cancelled { message: msg }`, then waits (Python's `_shutdown` raised `TypeError` there).
//! * Shutdown waits for every transfer, ignoring individual failures (Python stopped at the first).
//! * Transfer ids come from an atomic counter (0, 1, 2, ...); Python's were unsynchronised.
//! * A call after shutdown fails synchronously with [`TransferError::QueueShutdown`] and leaves
//!   nothing behind (Python's submission could leave an orphaned future).
//! * Submission never blocks the caller: `start()` returns at once and the
//!   `max_submission_concurrency` limit applies to transfers being planned.
//! * Dropping a manager does not cancel its transfers: they finish on a background thread that
//!   then releases the runtime. Call [`TransferManager::shutdown`] to wait (or cancel) explicitly.

mod directory;
mod requests;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::args::ExtraArgs;
use crate::config::{Engine, TransferConfig};
use crate::engine::{self, Engines};
use crate::error::{Result, TransferError};
use crate::future::{TransferCoordinator, TransferFuture, TransferMeta};
use crate::runtime::{self, ManagerContext, TransferCtx};
use crate::subscriber::Subscriber;
use crate::transfer::{CallArgs, CopySource, DownloadTarget, Job, UploadSource};

pub use directory::{DirectoryReport, DownloadDirectoryRequest, FailedFile, TransferredFile, UploadDirectoryRequest};
pub use requests::{CopyRequest, DeleteRequest, DownloadRequest, UploadRequest};

struct Inner {
    shared: Arc<ManagerContext>,
    engines: Arc<Engines>,
    runtime: Mutex<Option<tokio::runtime::Runtime>>,
    next_id: AtomicU64,
    shut_down: AtomicBool,
    tracked: Arc<Mutex<HashMap<u64, TransferFuture>>>,
}

/// The transfer manager. `Send + Sync`; share it by reference or in an `Arc`.
///
/// ```no_run
/// use s3transfer::{TransferManager, TransferConfig, ExtraArgs};
/// # async fn demo(client: aws_sdk_s3::Client) -> s3transfer::Result<()> {
/// let tm = TransferManager::new(client, TransferConfig::default())?;
/// tm.upload(std::path::Path::new("/tmp/in.bin"), "bucket", "key")
///     .extra_args(ExtraArgs::new().set("ContentType", "application/octet-stream"))
///     .await?;
/// tm.download("bucket", "key", std::path::Path::new("/tmp/out.bin")).await?;
/// tm.shutdown(false, "");
/// # Ok(()) }
/// ```
pub struct TransferManager {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for TransferManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransferManager").field("config", &self.inner.shared.config).finish()
    }
}

impl TransferManager {
    /// A manager over `client` with `config` (validated). It owns a multi-threaded tokio runtime.
    ///
    /// Unless the client's configuration names a retry partition, the manager's requests get a retry
    /// quota of their own (as botocore gives each client one): the SDK otherwise shares one quota
    /// among every client of the process in the same region, and a throttling burst met by any of
    /// them would leave the manager's transfers failing at their first `SlowDown`.
    pub fn new(client: aws_sdk_s3::Client, config: TransferConfig) -> Result<Self> {
        config.validate()?;
        engine::check_config(&config)?; // options an engine cannot honour
        if config.engine == Engine::Crt && !engine::available() {
            return Err(TransferError::invalid(
                "engine Crt requested but this build has no CRT engine (build with the `crt` feature)",
            ));
        }
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(2, 8);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("s3transfer")
            .enable_all()
            .build()
            .map_err(|e| TransferError::io(&e, None))?;
        let client = crate::s3::client::with_own_retry_quota(client);
        let shared = Arc::new(ManagerContext::new(client, config, runtime.handle().clone())?);
        Ok(Self {
            inner: Arc::new(Inner {
                shared,
                engines: Arc::default(),
                runtime: Mutex::new(Some(runtime)),
                next_id: AtomicU64::new(0),
                shut_down: AtomicBool::new(false),
                tracked: Arc::new(Mutex::new(HashMap::new())),
            }),
        })
    }

    /// Gets the manager ready for its first transfer and reports what would fail it: on a manager
    /// that may use the CRT engine (`Crt`, or `Auto` in a build with the CRT), creates its CRT client
    /// (event loop threads, TLS, the first credentials from the SDK client's provider: about 40 ms
    /// here, more with instance-role credentials) and returns the error that creation met, e.g.
    /// credentials that cannot be resolved. A manager that never uses the CRT is ready at once.
    /// Optional: without it, the first CRT transfer creates the client and waits for it. The
    /// manager's constructor never starts the CRT (`docs/engines.md` says why).
    ///
    /// ```no_run
    /// # async fn demo(client: aws_sdk_s3::Client) -> s3transfer::Result<()> {
    /// let tm = s3transfer::TransferManager::new(client, Default::default())?;
    /// tm.prepare().await?; // at service start-up: fail fast on a bad setup
    /// # Ok(()) }
    /// ```
    pub async fn prepare(&self) -> Result<()> {
        self.inner.engines.prepare(&self.inner.shared).await
    }

    /// The configuration.
    pub fn config(&self) -> &TransferConfig {
        &self.inner.shared.config
    }

    /// The S3 client.
    pub fn client(&self) -> &aws_sdk_s3::Client {
        &self.inner.shared.client
    }

    /// Uploads `source` to `bucket/key`. Finish with `.start()` (or `.await`).
    pub fn upload(&self, source: impl Into<UploadSource>, bucket: &str, key: &str) -> UploadRequest<'_> {
        UploadRequest {
            tm: self,
            source: source.into(),
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            extra_args: ExtraArgs::new(),
            subscribers: Vec::new(),
        }
    }

    /// Downloads `bucket/key` into `target`. Finish with `.start()` (or `.await`).
    pub fn download(&self, bucket: &str, key: &str, target: impl Into<DownloadTarget>) -> DownloadRequest<'_> {
        DownloadRequest {
            tm: self,
            target: target.into(),
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            extra_args: ExtraArgs::new(),
            subscribers: Vec::new(),
            size: None,
            etag: None,
        }
    }

    /// Copies `source` to `bucket/key` server-side. Finish with `.start()` (or `.await`).
    pub fn copy(&self, source: CopySource, bucket: &str, key: &str) -> CopyRequest<'_> {
        CopyRequest {
            tm: self,
            source,
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            extra_args: ExtraArgs::new(),
            subscribers: Vec::new(),
            size: None,
            etag: None,
            source_client: None,
        }
    }

    /// Deletes `bucket/key`. Finish with `.start()` (or `.await`).
    pub fn delete(&self, bucket: &str, key: &str) -> DeleteRequest<'_> {
        DeleteRequest {
            tm: self,
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            extra_args: ExtraArgs::new(),
            subscribers: Vec::new(),
        }
    }

    /// Futures of the transfers not yet done.
    pub fn unfinished(&self) -> Vec<TransferFuture> {
        self.inner.tracked.lock().unwrap_or_else(|p| p.into_inner()).values().cloned().collect()
    }

    /// Stops accepting transfers; if `cancel`, cancels every unfinished transfer with
    /// `Cancelled { message: cancel_msg }`; then blocks until every transfer is done (failures are
    /// ignored). Later calls to `upload`/... fail with [`TransferError::QueueShutdown`].
    /// Do not call from inside an async task (use [`TransferManager::shutdown_async`]).
    pub fn shutdown(&self, cancel: bool, cancel_msg: &str) {
        self.begin_shutdown(cancel, TransferError::cancelled(cancel_msg));
        for f in self.unfinished() {
            let _ = f.result();
        }
    }

    /// Shuts down as `shutdown(false, "")` (waiting for every transfer), then stops the manager's
    /// runtime and its CRT client and waits, at most `timeout` in all, until their threads have
    /// exited. Dropping a manager lets those threads wind down in the background; `close` is for a
    /// caller that needs them gone: before the process exits or forks, before a C program unloads
    /// the library (`s3t_manager_free` calls it), or to measure what is left.
    ///
    /// Returns whether everything stopped in time (threads still running are left to finish on their
    /// own). Futures stay valid. Must not be called from inside an async task (a runtime cannot be
    /// stopped and waited for from one of its own threads): there it only stops the runtime in the
    /// background and returns false.
    ///
    /// ```no_run
    /// # fn demo(tm: s3transfer::TransferManager) {
    /// tm.download("bucket", "key", std::path::Path::new("/tmp/out.bin")).start().unwrap().result().unwrap();
    /// assert!(tm.close(std::time::Duration::from_secs(10)), "threads still running");
    /// # }
    /// ```
    pub fn close(self, timeout: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        self.shutdown(false, "");
        // A CRT client still being made in the background must be seen (and waited for) below.
        let engines = self.inner.engines.closer(deadline);
        let runtime = self.inner.runtime.lock().unwrap_or_else(|p| p.into_inner()).take();
        // Drop (with the runtime taken) only releases this handle's share of the manager.
        drop(self);
        let mut stopped = true;
        if let Some(runtime) = runtime {
            if tokio::runtime::Handle::try_current().is_ok() {
                runtime.shutdown_background();
                stopped = false;
            } else {
                // Joins the worker and blocking threads; tasks (and what they hold) are dropped.
                runtime.shutdown_timeout(deadline.saturating_duration_since(std::time::Instant::now()));
            }
        }
        stopped && engines.wait(deadline)
    }

    /// [`TransferManager::shutdown`] for async callers.
    pub async fn shutdown_async(&self, cancel: bool, cancel_msg: &str) {
        self.begin_shutdown(cancel, TransferError::cancelled(cancel_msg));
        for f in self.unfinished() {
            let _ = f.wait().await;
        }
    }

    /// Like [`TransferManager::shutdown`] with `cancel = true`, cancelling with
    /// [`TransferError::Fatal`] (s3transfer's context-manager exit on an error).
    pub fn shutdown_fatal(&self, message: &str) {
        self.begin_shutdown(true, TransferError::Fatal { message: message.to_owned() });
        for f in self.unfinished() {
            let _ = f.result();
        }
    }

    fn begin_shutdown(&self, cancel: bool, err: TransferError) {
        self.inner.shut_down.store(true, Ordering::SeqCst);
        if cancel {
            for f in self.unfinished() {
                f.coordinator().cancel_with(err.clone());
            }
        }
    }

    /// True once [`TransferManager::shutdown`] was called.
    pub fn is_shut_down(&self) -> bool {
        self.inner.shut_down.load(Ordering::SeqCst)
    }

    pub(crate) fn submit(
        &self,
        call_args: CallArgs,
        subscribers: Vec<Arc<dyn Subscriber>>,
        preset: Option<(Option<u64>, Option<String>)>,
        job: Job,
    ) -> Result<TransferFuture> {
        if self.is_shut_down() {
            return Err(TransferError::QueueShutdown);
        }
        // A request Engine::Crt cannot run is refused here, synchronously.
        let engine = engine::choose(&self.inner.shared.config, &engine::shape(&job))?;
        let id = self.inner.next_id.fetch_add(1, Ordering::SeqCst);
        let coordinator = Arc::new(TransferCoordinator::new(id));
        let meta = Arc::new(TransferMeta::new(call_args, id));
        if let Some((size, etag)) = preset {
            if let Some(s) = size {
                meta.provide_transfer_size(s);
            }
            if let Some(e) = etag {
                meta.provide_object_etag(e);
            }
        }
        meta.set_engine(engine);
        tracing::debug!(target: "s3transfer::engine", transfer_id = id, ?engine, operation = call_args_op(&meta), "engine chosen");
        let future = TransferFuture::new(meta, coordinator.clone());
        let tracked = self.inner.tracked.clone();
        tracked.lock().unwrap_or_else(|p| p.into_inner()).insert(id, future.clone());
        coordinator.add_done_callback(move || {
            tracked.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
        });
        for s in &subscribers {
            let s = s.clone();
            let f = future.clone();
            coordinator.add_done_callback(move || s.on_done(&f));
        }
        let ctx = TransferCtx::new(self.inner.shared.clone(), future.clone(), subscribers);
        let engines = self.inner.engines.clone();
        self.inner.shared.handle.spawn(runtime::run_transfer(ctx, move |ctx| engine::run(engines, engine, ctx, job)));
        Ok(future)
    }
}

fn call_args_op(meta: &TransferMeta) -> &'static str {
    meta.call_args().operation
}

impl Drop for TransferManager {
    fn drop(&mut self) {
        let runtime = self.inner.runtime.lock().unwrap_or_else(|p| p.into_inner()).take();
        let Some(runtime) = runtime else { return };
        let pending = self.unfinished();
        if pending.is_empty() {
            runtime.shutdown_background();
            return;
        }
        // Let in-flight transfers finish, then release the runtime, without blocking the caller.
        let _ = std::thread::Builder::new().name("s3transfer-drop".into()).spawn(move || {
            for f in pending {
                let _ = f.result();
            }
            runtime.shutdown_background();
        });
    }
}

