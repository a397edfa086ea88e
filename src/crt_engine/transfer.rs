//! Running one transfer as one CRT meta-request (see the module docs of [`crate::crt_engine`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::args::ExtraArgs;
use crate::checksum;
use crate::classic::download::DownloadJob;
use crate::classic::{Job, TransferCtx};
use crate::config::Engine;
use crate::crt::async_stream::{AsyncBody, AsyncBodySource};
use crate::crt::auth::CredentialsProvider;
use crate::crt::s3::{
    ChecksumMode, MetaRequest, MetaRequestKind, MetaRequestOptions, MetaRequestOutput, Progress, RequestBody, S3Client,
    S3ClientConfig, S3RequestError,
};
use crate::error::{Result, TransferError};
use crate::manager::{DownloadTarget, Shared, UploadSource};
use crate::subscriber::notify;
use crate::utils::{temp_filename, ChunksizeAdjuster};

use super::addressing::{Addressing, ObjectAddress};
use super::credentials::{capture, CredentialSource};
use super::headers::to_wire;

/// The manager's one CRT client, created by `prepare()` or the first CRT transfer. A failed creation
/// (e.g. credentials not resolvable yet) fails that call only; the next one tries again.
#[derive(Default)]
pub(crate) struct CrtSlot {
    cell: tokio::sync::OnceCell<CrtClient>,
    /// Bounds the meta-requests handed to the CRT at once (see `IN_FLIGHT_PER_CONNECTION`).
    in_flight: std::sync::OnceLock<Arc<tokio::sync::Semaphore>>,
    /// One receiver per creation started by [`CrtSlot::ready`], disconnected when it has ended.
    creating: std::sync::Mutex<Vec<std::sync::mpsc::Receiver<()>>>,
}

/// Meta-requests in flight per connection. aws-c-s3 runs at most `max_request_concurrency` requests
/// at a time, but every meta-request handed to it is visited on each pass of its scheduler, and a
/// download to a file holds an open `FILE*` from the start (glibc unlinks a closing stream from a
/// list of all open ones): with 3,000 small downloads queued at once both grow quadratically
/// (a profile: 13% of the client's CPU). Four per connection keep every connection busy while
/// the rest wait in the manager.
const IN_FLIGHT_PER_CONNECTION: usize = 4;

/// The CRT client and where it sends each bucket's requests.
#[derive(Clone)]
struct CrtClient {
    s3: S3Client,
    addressing: Arc<Addressing>,
}

impl CrtSlot {
    async fn client(&self, shared: &Shared) -> Result<CrtClient> {
        self.cell.get_or_try_init(|| build_client(shared)).await.cloned()
    }

    /// Waits (until `deadline`) for every creation started by [`CrtSlot::ready`] to end, so that
    /// [`CrtSlot::closer`] sees the client it may have made even when the `prepare()` that started it
    /// was dropped early.
    pub(crate) fn settle(&self, deadline: std::time::Instant) {
        let creating = std::mem::take(&mut *self.creating.lock().unwrap_or_else(|p| p.into_inner()));
        for ended in creating {
            let _ = ended.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()));
        }
    }

    /// Waits until the client exists (creating it if need be), on the manager's runtime.
    ///
    /// Only `prepare()` and the first CRT transfer create the client, never the manager's
    /// constructor in the background: a process that exits while the CRT's libraries are being
    /// initialised on another thread aborts (aws-lc's random generator is torn down by the exit
    /// handlers), so a short program that drops an `Auto` manager it used only for classic work, or
    /// for nothing, must not have started that.
    pub(crate) async fn ready(shared: &Arc<Shared>) -> Result<()> {
        let (ended, creating) = std::sync::mpsc::channel::<()>();
        {
            let mut all = shared.crt.creating.lock().unwrap_or_else(|p| p.into_inner());
            all.retain(|c| !matches!(c.try_recv(), Err(std::sync::mpsc::TryRecvError::Disconnected)));
            all.push(creating);
        }
        let s = shared.clone();
        shared
            .handle
            .spawn(async move {
                let _ended = ended; // dropped when this task ends or is dropped
                s.crt.client(&s).await.map(drop)
            })
            .await
            .map_err(|_| TransferError::Fatal { message: "creating the CRT client was interrupted (manager shut down?)".into() })?
    }

    /// A place among the meta-requests in flight (waits, cancellably, while they are all taken).
    async fn in_flight_slot(&self, ctx: &TransferCtx) -> Result<tokio::sync::OwnedSemaphorePermit> {
        let permits = ctx.config().max_request_concurrency.saturating_mul(IN_FLIGHT_PER_CONNECTION).max(IN_FLIGHT_PER_CONNECTION);
        ctx.permit(self.in_flight.get_or_init(|| Arc::new(tokio::sync::Semaphore::new(permits))).clone()).await
    }

    /// What [`TransferManager::close`](crate::TransferManager::close) waits for once it has let go
    /// of the client: its shutdown and its event loop group's (whose threads are then joined).
    pub(crate) fn closer(&self) -> super::Closer {
        let signals = self.cell.get().map(|c| vec![c.s3.shutdown_signal(), c.s3.event_loop_shutdown_signal()]);
        super::Closer { signals: signals.unwrap_or_default() }
    }
}

async fn build_client(shared: &Shared) -> std::result::Result<CrtClient, TransferError> {
    let settings = capture(&shared.client).await?;
    let addressing =
        Arc::new(Addressing::new(settings.components.endpoint_resolver(), settings.endpoint_params, settings.region.clone()));
    let source = CredentialSource::new(settings.components, shared.handle.clone()).await?;
    let provider = CredentialsProvider::new_delegate(Arc::new(move || source.get())).map_err(crt_error)?;
    let cfg = &shared.config;
    let attempts = cfg.num_download_attempts.max(1) as usize;
    tracing::debug!(
        target: "s3transfer::crt_engine",
        region = %settings.region,
        endpoint = %settings.endpoint,
        part_size = cfg.multipart_chunksize,
        max_connections = cfg.max_request_concurrency,
        memory_limit = cfg.crt_memory_limit,
        "creating the CRT S3 client"
    );
    let mut config = S3ClientConfig::new(settings.region, settings.endpoint, provider)
        .part_size(cfg.multipart_chunksize)
        .multipart_threshold(crt_threshold(cfg.multipart_threshold))
        .throughput_target_gbps(cfg.crt_throughput_target_gbps)
        .memory_limit(cfg.crt_memory_limit)
        .max_active_connections(u32::try_from(cfg.max_request_concurrency).unwrap_or(u32::MAX))
        .max_retries((attempts - 1).max(1));
    // The SDK client's timeouts bound a stalled connection on the classic engine; give the CRT the
    // same bound (otherwise its own 30 s of no bytes per attempt).
    if let Some(timeouts) = shared.client.config().timeout_config() {
        if let Some(t) = timeouts.read_timeout() {
            config = config.stall_timeout(t);
        }
        if let Some(t) = timeouts.connect_timeout() {
            config = config.connect_timeout(t);
        }
    }
    // With a bandwidth limit, GET bodies are delivered only as the manager's bucket admits them
    // (read-window backpressure). The window starts at two 256 KiB steps, so the next step is
    // already delivered while the previous one waits for the bucket (each delivered step is paid
    // for before the window opens by its size; the round trip to the CRT is hidden, not free).
    if shared.bandwidth.is_some() {
        config = config.read_backpressure(2 * crate::bandwidth::DEFAULT_BYTES_THRESHOLD as usize);
    }
    let s3 = S3Client::new(config).map_err(TransferError::from)?;
    Ok(CrtClient { s3, addressing })
}

/// The CRT uploads in one request iff `size <= threshold`; s3transfer iff `size < threshold`.
fn crt_threshold(threshold: u64) -> u64 {
    threshold.saturating_sub(1).max(1)
}

fn crt_error(e: crate::crt::CrtError) -> TransferError {
    TransferError::Crt { code: e.code, name: e.name, message: e.message }
}

/// Runs one transfer from `NotStarted` to announced, on the CRT.
pub(crate) async fn run_transfer(ctx: TransferCtx, job: Job) {
    let coord = ctx.coord().clone();
    if coord.set_status_to_queued().is_err() {
        // Cancelled before it started: cancel() already announced completion.
        return;
    }
    notify(&ctx.subscribers, &ctx.future, "on_queued", |s, f| s.on_queued(f));
    if !coord.done() && coord.set_status_to_running().is_ok() {
        let res = run(&ctx, job).await;
        match res {
            Ok(()) => coord.set_result(),
            Err(e) => coord.set_exception(e, false),
        }
    }
    coord.announce_done();
}

async fn run(ctx: &TransferCtx, job: Job) -> Result<()> {
    let in_flight = ctx.shared.crt.in_flight_slot(ctx).await?;
    let c = ctx.shared.crt.client(&ctx.shared).await?;
    let (client, at) = (&c.s3, &*c.addressing);
    match job {
        Job::Upload(j) => upload(ctx, client, at, j).await,
        Job::Download(j) => {
            let fallback = classic_fallback(ctx, &j);
            match (download(ctx, client, at, j).await, fallback) {
                // `Engine::Auto`: a server that sends no ETag cannot serve the CRT's download, but it
                // can serve the classic engine's (nothing was written: the temp file is gone and the
                // CRT reports progress only for delivered parts, and it fails on the first answer).
                (Err(e), Some(job)) if is_missing_etag(&e) => {
                    drop(in_flight);
                    tracing::info!(
                        target: "s3transfer::crt_engine",
                        transfer_id = ctx.future.meta().transfer_id(),
                        "the server sent no ETag, which the CRT needs: downloading on the classic engine"
                    );
                    ctx.future.meta().set_engine(Engine::Classic);
                    crate::classic::download::run(ctx, job).await
                }
                (result, _) => result,
            }
        }
        Job::Copy(j) => copy(ctx, client, at, j).await,
        Job::Delete(j) => delete(ctx, client, at, j).await,
    }
}

/// Under `Engine::Auto`, the same download for the classic engine, should the CRT be unable to
/// run it (see [`is_missing_etag`]).
fn classic_fallback(ctx: &TransferCtx, j: &DownloadJob) -> Option<DownloadJob> {
    match (&j.target, ctx.config().engine) {
        (DownloadTarget::Path(p), Engine::Auto) => Some(DownloadJob {
            target: DownloadTarget::Path(p.clone()),
            bucket: j.bucket.clone(),
            key: j.key.clone(),
            extra_args: j.extra_args.clone(),
        }),
        _ => None,
    }
}

/// The CRT error aws-c-s3 fails a download with when an answer has no ETag (it pins the later
/// parts to the first answer's).
const MISSING_ETAG: &str = "AWS_ERROR_S3_MISSING_ETAG";

/// aws-c-s3 refused a GET answer without an ETag.
fn is_missing_etag(e: &TransferError) -> bool {
    matches!(e, TransferError::Crt { name, .. } if name == MISSING_ETAG)
}

/// The progress callback: the CRT's byte counts go to every subscriber; a panicking subscriber
/// fails the transfer with `Fatal` (which cancels the meta-request through the cancel hook).
fn progress_callback(ctx: &TransferCtx) -> impl FnMut(Progress) + Send + 'static {
    let future = ctx.future.clone();
    let subscribers = ctx.subscribers.clone();
    move |p: Progress| {
        if p.total > 0 && future.meta().size().is_none() {
            future.meta().provide_transfer_size(p.total);
        }
        if p.bytes == 0 || subscribers.is_empty() {
            return;
        }
        let n = i64::try_from(p.bytes).unwrap_or(i64::MAX);
        notify(&subscribers, &future, "on_progress", |s, f| s.on_progress(f, n));
    }
}

/// Sends the meta-request, wires `cancel()` to it, and waits for the CRT's finish callback.
/// `Err` if the transfer was cancelled or failed elsewhere (e.g. a panicking subscriber) and the
/// meta-request did not complete; otherwise the meta-request's result (a completed one wins).
async fn run_meta(
    ctx: &TransferCtx,
    client: &S3Client,
    options: MetaRequestOptions,
) -> Result<std::result::Result<MetaRequestOutput, S3RequestError>> {
    run_meta_with(ctx, client, options, None, None).await
}

/// A meta-request handle for a pacing task: weak, so it never keeps a finished request alive.
type OnSent = Box<dyn FnOnce(std::sync::Weak<MetaRequest>) + Send>;

/// [`run_meta`], handing a weak reference to the sent meta-request to `on_sent` (bandwidth pacing).
async fn run_meta_with(
    ctx: &TransferCtx,
    client: &S3Client,
    options: MetaRequestOptions,
    on_sent: Option<OnSent>,
    gate: Option<Arc<CreateGate>>,
) -> Result<std::result::Result<MetaRequestOutput, S3RequestError>> {
    let coord = ctx.coord();
    if coord.is_cancelled_or_failed() {
        return Err(ctx.stop_error());
    }
    let request = Arc::new(client.send(options).map_err(TransferError::from)?);
    if let Some(f) = on_sent {
        f(Arc::downgrade(&request));
    }
    // The hook holds a weak reference: a finished transfer's future must not keep the CRT
    // meta-request (and with it the client) alive.
    let weak = Arc::downgrade(&request);
    let handle = ctx.shared.handle.clone();
    coord.add_cancel_hook(Box::new(move || match gate {
        Some(gate) => gate.cancel(weak, &handle),
        None => {
            if let Some(r) = weak.upgrade() {
                r.cancel();
            }
        }
    }));
    let result = request.result().await;
    drop(request);
    // A meta-request that completed did its work (the object exists, the file is whole): a cancel that
    // came too late to stop it loses to that success, as the classic engine's final request does and as
    // s3transfer's set_result overrides a late cancel. Only an unfinished one reports the stop error.
    if result.is_err() && coord.is_cancelled_or_failed() {
        return Err(ctx.stop_error());
    }
    Ok(result)
}

/// Holds back the cancel of a multipart upload until its `CreateMultipartUpload` has answered.
///
/// aws-c-s3 cancels the requests in flight when a meta-request is cancelled; a
/// `CreateMultipartUpload` cancelled that way may already have created the upload on the server,
/// whose id the CRT then never learns, so it cannot abort it and the upload stays open (and billed).
/// Once the CRT has the id (the create's request metrics arrive after its answer was parsed), a
/// cancel makes it abort the upload. A create that never answers is given up on after
/// [`CreateGate::LIMIT`], so a cancel is never held back for long.
#[derive(Default)]
pub(crate) struct CreateGate {
    state: std::sync::Mutex<GateState>,
}

#[derive(Default)]
struct GateState {
    created: bool,
    pending: Option<std::sync::Weak<MetaRequest>>,
}

impl CreateGate {
    /// Longest a cancel waits for `CreateMultipartUpload` to answer.
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The create answered 2xx: the CRT knows the upload id, so a cancel now aborts the upload.
    fn created(&self) {
        let pending = {
            let mut st = self.lock();
            st.created = true;
            st.pending.take()
        };
        if let Some(r) = pending.and_then(|w| w.upgrade()) {
            r.cancel();
        }
    }

    /// Cancels now if the create answered, else when it does (or after [`Self::LIMIT`]).
    fn cancel(self: Arc<Self>, request: std::sync::Weak<MetaRequest>, handle: &tokio::runtime::Handle) {
        {
            let mut st = self.lock();
            if !st.created {
                st.pending = Some(request.clone());
                drop(st);
                handle.spawn(async move {
                    tokio::time::sleep(Self::LIMIT).await;
                    if let Some(r) = self.lock().pending.take().and_then(|w| w.upgrade()) {
                        tracing::warn!("CreateMultipartUpload did not answer within {:?} of a cancel; cancelling anyway (the upload may stay open)", Self::LIMIT);
                        r.cancel();
                    }
                });
                return;
            }
        }
        if let Some(r) = request.upgrade() {
            r.cancel();
        }
    }
}

/// The trailer checksum of an upload: the `ChecksumAlgorithm` arg (added by the manager for
/// `ChecksumCalculation::WhenSupported`, or given by the caller), none with a full-object value.
fn upload_checksum(extra: &ExtraArgs) -> Result<ChecksumMode> {
    if extra.full_object_checksum().is_some() {
        // The caller's full-object value travels as a header.
        return Ok(ChecksumMode::None);
    }
    let Some(alg) = extra.get("ChecksumAlgorithm") else {
        return Ok(ChecksumMode::None);
    };
    Ok(match alg.to_ascii_uppercase().as_str() {
        "CRC32" => ChecksumMode::TrailerCrc32,
        "CRC32C" => ChecksumMode::TrailerCrc32c,
        "CRC64NVME" => ChecksumMode::TrailerCrc64Nvme,
        "SHA1" => ChecksumMode::TrailerSha1,
        "SHA256" => ChecksumMode::TrailerSha256,
        other => {
            return Err(TransferError::invalid(format!(
                "ChecksumAlgorithm: {other} not supported by the CRT engine. Supported algorithms are: \
                 [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"
            )))
        }
    })
}

async fn upload(ctx: &TransferCtx, client: &S3Client, at: &Addressing, j: crate::classic::upload::UploadJob) -> Result<()> {
    let cfg = ctx.config();
    let (body, size, source_name) = match j.source {
        UploadSource::Path(p) => {
            let md = tokio::fs::metadata(&p).await.map_err(|e| TransferError::io(&e, Some(&p)))?;
            if !md.is_file() {
                return Err(TransferError::Io {
                    path: Some(p.clone()),
                    kind: std::io::ErrorKind::InvalidInput,
                    message: "not a regular file".into(),
                });
            }
            let name = p.display().to_string();
            (RequestBody::File(p), md.len(), name)
        }
        UploadSource::Bytes(b) => {
            let len = b.len() as u64;
            (RequestBody::Bytes(b), len, format!("<{len} bytes in memory>"))
        }
        _ => return Err(TransferError::invalid("the CRT engine uploads files and bytes only")),
    };
    ctx.future.meta().provide_transfer_size(size);
    if j.extra_args.full_object_checksum().is_some() && size >= cfg.multipart_threshold {
        return Err(TransferError::invalid(
            "a full-object checksum value on a multipart upload is not supported by the CRT engine; use Engine::Classic",
        ));
    }
    let (headers, _query) = to_wire(&j.extra_args)?;
    let checksum = upload_checksum(&j.extra_args)?;
    let part_size = ChunksizeAdjuster::default().adjust_chunksize(cfg.multipart_chunksize, Some(size));
    // With a bandwidth limit the CRT reads the body from a Rust async stream that admits each
    // 256 KiB through the manager's bucket and reports it as progress as it passes.
    let paced = ctx.shared.bandwidth.is_some();
    let body = match (&ctx.shared.bandwidth, body) {
        (Some(bucket), body) => {
            let data = match body {
                RequestBody::File(p) => {
                    let f = tokio::fs::File::open(&p).await.map_err(|e| TransferError::io(&e, Some(&p)))?;
                    PacedData::File(f)
                }
                RequestBody::Bytes(b) => PacedData::Mem(b),
                _ => return Err(TransferError::invalid("the CRT engine uploads files and bytes only")),
            };
            let source = PacedUploadSource {
                data,
                remaining: size,
                pacer: crate::bandwidth::Pacer::new(bucket.clone(), Some(ctx.coord().clone())),
                future: ctx.future.clone(),
                subscribers: ctx.subscribers.clone(),
            };
            RequestBody::Async(AsyncBody::new(source, size, ctx.shared.handle.clone()))
        }
        (None, body) => body,
    };
    let addr = at.object(&j.bucket, &j.key).await?;
    let mut o = client
        .put_object(&j.bucket, &j.key, body)
        .at(addr.endpoint, addr.path)
        .checksum(checksum)
        .part_size(part_size)
        .multipart_threshold(crt_threshold(cfg.multipart_threshold));
    for (n, v) in headers {
        o = o.header(n, v);
    }
    // The CRT reports upload progress once per finished part; a paced upload reports bytes as the
    // limiter lets them into the CRT instead.
    let o = if paced { o } else { o.on_progress(progress_callback(ctx)) };
    // A multipart upload's cancel waits for CreateMultipartUpload's answer (see CreateGate).
    // aws-c-s3 sends one PutObject when the size is at most its threshold.
    let (o, gate) = if size > crt_threshold(cfg.multipart_threshold) {
        let gate = Arc::new(CreateGate::default());
        let g = gate.clone();
        let o = o.on_request_metrics(move |m| {
            if m.operation.as_deref() == Some("CreateMultipartUpload") && m.status.is_some_and(|s| (200..300).contains(&s)) {
                g.created();
            }
        });
        (o, Some(gate))
    } else {
        (o, None)
    };
    match run_meta_with(ctx, client, o, None, gate).await? {
        Ok(_) => Ok(()),
        Err(e) => Err(TransferError::S3UploadFailed {
            source_name,
            bucket: j.bucket,
            key: j.key,
            cause: Box::new(TransferError::from(e)),
        }),
    }
}

/// `Content-Range: bytes a-b/TOTAL` → TOTAL, else `Content-Length` of a 200.
fn object_size(status: u16, headers: &crate::crt::s3::Headers) -> Option<u64> {
    if let Some(cr) = headers.get("content-range") {
        return cr.rsplit_once('/').and_then(|(_, t)| t.trim().parse().ok());
    }
    if status == 200 {
        return headers.get("content-length").and_then(|v| v.trim().parse().ok());
    }
    None
}

/// Removes the temp file unless disarmed (the download failed or was cancelled).
struct TempGuard(Option<PathBuf>);

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

async fn download(ctx: &TransferCtx, client: &S3Client, at: &Addressing, j: crate::classic::download::DownloadJob) -> Result<()> {
    let dest = match j.target {
        DownloadTarget::Path(p) => p,
        _ => return Err(TransferError::invalid("the CRT engine downloads to files only")),
    };
    let cfg = ctx.config();
    let (headers, query) = to_wire(&j.extra_args)?;
    // Same-directory temp file; created here so an unwritable destination directory fails with
    // the same I/O error as on the classic engine, before any request is made.
    let temp = temp_filename(&dest);
    let temp_file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|e| TransferError::io(&e, Some(&temp)))?;
    let mut guard = TempGuard(Some(temp.clone()));

    let addr = at.object(&j.bucket, &j.key).await?;
    let path = format!("{}{}", addr.path, query);
    // Known size and ETag (given, or provided in on_queued) let classic skip HeadObject; the CRT
    // only skips its HeadObject when it does not validate response checksums, so validation is then
    // left to an explicit `ChecksumMode` extra arg. (No size hint: with one, the CRT's first GET of a
    // missing key loses the S3 error code.)
    let known_size = ctx.future.meta().size();
    let known_etag = ctx.future.meta().etag();
    let validate = j.extra_args.contains("ChecksumMode") || known_size.is_none() || known_etag.is_none();
    let o = MetaRequestOptions::new(MetaRequestKind::GetObject, "GET", path.clone())
        .at(addr.endpoint, path)
        .checksum(if validate { ChecksumMode::ValidateResponse } else { ChecksumMode::None })
        .part_size(cfg.multipart_chunksize);
    // Without a limit the CRT writes the temp file itself (`guard` removes it, after a failed write
    // was diagnosed with the disk still as it was); with one, bodies come to us (in order, as the
    // read window allows), are written here, and open the window as the bucket admits them.
    let paced = ctx.shared.bandwidth.clone().map(|bucket| PacedDownload::new(ctx, bucket, temp_file, temp.clone()));
    let mut o = match &paced {
        None => o.to_file(&temp).keep_file_on_failure(),
        Some(p) => o.on_body(p.body_callback()),
    };
    for (n, v) in &headers {
        o = o.header(n.clone(), v.clone());
    }
    if let Some(etag) = &known_etag {
        o = o.header("If-Match", etag.clone());
    }
    let meta = ctx.future.meta_arc().clone();
    // ETags of every answer (HeadObject and each ranged GET), from the CRT's per-request telemetry.
    let etags: Arc<std::sync::Mutex<std::collections::BTreeSet<String>>> = Arc::default();
    let seen = etags.clone();
    let o = o
        .on_headers(move |status, h| {
            if let Some(size) = object_size(status, h) {
                meta.provide_transfer_size(size);
            }
            if let Some(etag) = h.get("etag") {
                meta.provide_object_etag(etag);
            }
        })
        .on_request_metrics(move |m| {
            if let (Some(200 | 206), Some(etag)) = (m.status, m.headers.get("etag")) {
                seen.lock().unwrap_or_else(|p| p.into_inner()).insert(etag.to_owned());
            }
        });
    // The CRT reports GET progress once per finished part; a paced download reports each body
    // chunk as it is delivered instead, so progress follows the limit.
    let o = if paced.is_some() { o } else { o.on_progress(progress_callback(ctx)) };
    let on_sent = paced.as_ref().map(|p| p.start_pacing(ctx));
    let result = run_meta_with(ctx, client, o, on_sent, None).await;
    if let Some(e) = paced.as_ref().and_then(|p| p.write_error()) {
        return Err(e);
    }
    match result? {
        Ok(_) => {
            // All parts must come from one version of the object. The CRT sends If-Match on the
            // later parts, which S3 enforces; servers that ignore it still name the version they
            // answered from in each response's ETag.
            let etags = etags.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if etags.len() > 1 {
                return Err(TransferError::S3DownloadFailed {
                    bucket: j.bucket,
                    key: j.key,
                    cause: Box::new(TransferError::Service {
                        operation: "GetObject".into(),
                        status: None,
                        code: Some("PreconditionFailed".into()),
                        message: Some(format!("the object changed during the download (parts with ETags {etags:?})")),
                        request_id: None,
                    }),
                });
            }
            // S3 sends no checksum with a ranged GET, so the CRT cannot check a multi-part download:
            // check the whole file before it is renamed (see `crate::checksum`).
            let size = ctx.future.meta().size().unwrap_or(0);
            if size > cfg.multipart_chunksize && checksum::validation_requested(&j.extra_args) {
                let etag = etags.iter().next().cloned().or(known_etag);
                let stored = checksum::fetch_stored(ctx.client(), &j.bucket, &j.key, &j.extra_args, etag.as_deref()).await?;
                if let Some((stored, part_size)) = stored {
                    let (t, b, k) = (temp.clone(), j.bucket.clone(), j.key.clone());
                    tokio::task::spawn_blocking(move || checksum::verify_file(&t, size, &stored, part_size, &b, &k))
                        .await
                        .map_err(|_| TransferError::Fatal { message: "checksum task failed".into() })??;
                }
            }
            rename(&temp, &dest)?;
            guard.0 = None;
            Ok(())
        }
        Err(S3RequestError::Service(se)) if se.status == 412 => Err(TransferError::S3DownloadFailed {
            bucket: j.bucket,
            key: j.key,
            cause: Box::new(TransferError::from(S3RequestError::Service(se))),
        }),
        Err(S3RequestError::Crt(c)) if c.name == "AWS_ERROR_S3_RESPONSE_CHECKSUM_MISMATCH" => {
            Err(checksum::crt_mismatch(ctx.client(), &j.bucket, &j.key, &j.extra_args).await)
        }
        Err(S3RequestError::Crt(c)) if c.name == "AWS_ERROR_S3_OBJECT_MODIFIED" => Err(TransferError::S3DownloadFailed {
            bucket: j.bucket,
            key: j.key,
            cause: Box::new(TransferError::from(S3RequestError::Crt(c))),
        }),
        // aws-c-s3 pins every part after the first to the first answer's ETag, so it refuses an
        // answer without one. Say what the user can do about it.
        Err(S3RequestError::Crt(c)) if c.name == MISSING_ETAG => Err(TransferError::Crt {
            message: format!(
                "{} The server answered without an ETag; the CRT engine cannot download from it, Engine::Classic and Engine::Auto can.",
                c.message
            ),
            code: c.code,
            name: c.name,
        }),
        Err(S3RequestError::Crt(c)) if is_network_error(&c.name) => Err(TransferError::RetriesExceeded {
            // The CRT retried the request `num_download_attempts - 1` times before giving up.
            last: Box::new(TransferError::Network { operation: "GetObject".into(), message: c.to_string() }),
        }),
        // aws-c-s3 hands back AWS_OP_ERR (-1) instead of an error code when writing the received
        // body to the file fails (`s_deliver_body_to_sink`), so a full disk arrives as "Unknown Error
        // Code". Report the local I/O error it is, as the classic engine does.
        Err(S3RequestError::Crt(c)) if c.code == -1 => Err(file_write_error(&temp)),
        Err(e) => Err(TransferError::from(e)),
    }
}

/// The error of a failed write of downloaded data into `temp` (still in place): the OS error that
/// writing a block to a new file next to it gives (e.g. `StorageFull`), else a generic `Io` error;
/// either names `temp`, as the classic engine's error does.
fn file_write_error(temp: &Path) -> TransferError {
    use std::io::Write;
    let mut probe_path = temp.as_os_str().to_owned();
    probe_path.push(".probe");
    let probe_path = PathBuf::from(probe_path);
    let probe = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe_path)
        .and_then(|mut f| f.write_all(&[0u8; 64 * 1024]).and_then(|()| f.sync_all()));
    let _ = std::fs::remove_file(&probe_path);
    match probe {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => TransferError::io(&e, Some(temp)),
        _ => TransferError::Io {
            path: Some(temp.to_owned()),
            kind: std::io::ErrorKind::Other,
            message: "writing the downloaded data to the file failed (the CRT gave no reason)".into(),
        },
    }
}

enum PacedData {
    File(tokio::fs::File),
    Mem(bytes::Bytes),
}

/// An upload body paced by the manager's bandwidth limit: reads of at most 256 KiB, each admitted by
/// the bucket before the CRT gets it (the last remainder too), then reported as progress.
struct PacedUploadSource {
    data: PacedData,
    remaining: u64,
    pacer: crate::bandwidth::Pacer,
    future: crate::TransferFuture,
    subscribers: Arc<[Arc<dyn crate::Subscriber>]>,
}

impl AsyncBodySource for PacedUploadSource {
    fn read(&mut self, max: usize) -> crate::crt::async_stream::ReadFuture<'_> {
        Box::pin(async move {
            use tokio::io::AsyncReadExt;
            let step = crate::bandwidth::DEFAULT_BYTES_THRESHOLD as usize;
            let want = (max.min(step) as u64).min(self.remaining) as usize;
            if want == 0 {
                return Ok((bytes::Bytes::new(), true));
            }
            let chunk = match &mut self.data {
                PacedData::File(f) => {
                    let mut buf = vec![0u8; want];
                    f.read_exact(&mut buf).await.map_err(|e| e.to_string())?;
                    bytes::Bytes::from(buf)
                }
                PacedData::Mem(b) => b.split_to(want),
            };
            self.pacer.admit(want as u64).await.map_err(|e| e.to_string())?;
            self.remaining -= want as u64;
            if self.remaining == 0 {
                self.pacer.finish().await.map_err(|e| e.to_string())?;
            }
            if !self.subscribers.is_empty() {
                notify(&self.subscribers, &self.future, "on_progress", |s, f| s.on_progress(f, want as i64));
            }
            Ok((chunk, self.remaining == 0))
        })
    }
}

/// How long a paced download waits for a body before it opens the read window by one part anyway.
const IDLE_WINDOW_NUDGE: std::time::Duration = std::time::Duration::from_secs(2);

/// A download paced by the manager's bandwidth limit: the body callback writes each chunk to the
/// temp file, reports it as progress and hands its length to a pacing task, which opens the CRT's
/// read window by that much once the bucket admitted it.
struct PacedDownload {
    file: Arc<std::fs::File>,
    temp: PathBuf,
    bucket: Arc<crate::bandwidth::LeakyBucket>,
    tx: tokio::sync::mpsc::UnboundedSender<u64>,
    rx: std::sync::Mutex<Option<tokio::sync::mpsc::UnboundedReceiver<u64>>>,
    write_error: Arc<std::sync::Mutex<Option<TransferError>>>,
    future: crate::TransferFuture,
    subscribers: Arc<[Arc<dyn crate::Subscriber>]>,
}

impl PacedDownload {
    fn new(ctx: &TransferCtx, bucket: Arc<crate::bandwidth::LeakyBucket>, file: std::fs::File, temp: PathBuf) -> Self {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        Self {
            file: Arc::new(file),
            temp,
            bucket,
            tx,
            rx: std::sync::Mutex::new(Some(rx)),
            write_error: Arc::default(),
            future: ctx.future.clone(),
            subscribers: ctx.subscribers.clone(),
        }
    }

    fn body_callback(&self) -> impl FnMut(u64, &[u8]) -> std::result::Result<(), String> + Send + 'static {
        use std::os::unix::fs::FileExt;
        let (file, temp, tx, err) = (self.file.clone(), self.temp.clone(), self.tx.clone(), self.write_error.clone());
        let (future, subscribers) = (self.future.clone(), self.subscribers.clone());
        move |offset, bytes| {
            if let Err(e) = file.write_all_at(bytes, offset) {
                let te = TransferError::io(&e, Some(&temp));
                let msg = te.to_string();
                *err.lock().unwrap_or_else(|p| p.into_inner()) = Some(te);
                return Err(msg);
            }
            if !bytes.is_empty() {
                let n = bytes.len() as u64;
                if !subscribers.is_empty() {
                    notify(&subscribers, &future, "on_progress", |s, f| s.on_progress(f, n as i64));
                }
                let _ = tx.send(n);
            }
            Ok(())
        }
    }

    /// Spawns the pacing task; it starts once the meta-request exists and ends with it.
    fn start_pacing(&self, ctx: &TransferCtx) -> OnSent {
        let rx = self.rx.lock().unwrap_or_else(|p| p.into_inner()).take();
        let (bucket, coord, handle) = (self.bucket.clone(), ctx.coord().clone(), ctx.shared.handle.clone());
        let part_size = ctx.config().multipart_chunksize;
        Box::new(move |weak: std::sync::Weak<MetaRequest>| {
            let Some(mut rx) = rx else { return };
            handle.spawn(async move {
                let token = coord.token().clone();
                let mut pacer = crate::bandwidth::Pacer::new(bucket, Some(coord));
                let paced = async {
                    loop {
                        // A meta-request that failed inside the CRT (a part that exhausted its
                        // retries) also waits for its fetched parts to be flushed through the
                        // window: when no body came for a while, open the window by one part
                        // (paid through the bucket first, so the cap still holds).
                        let n = match tokio::time::timeout(IDLE_WINDOW_NUDGE, rx.recv()).await {
                            Ok(Some(n)) => n,
                            Ok(None) => return,
                            Err(_) => part_size,
                        };
                        if pacer.admit(n).await.is_err() {
                            return; // cancelled or failed
                        }
                        match weak.upgrade() {
                            Some(r) => r.increment_read_window(n),
                            None => return,
                        }
                    }
                };
                tokio::select! {
                    _ = paced => {}
                    _ = token.cancelled() => {}
                }
                // A cancelled (or failed) meta-request only finishes once the parts it already
                // fetched were flushed through the delivery queue, which a closed window blocks:
                // open it fully so the cancel completes.
                if let Some(r) = weak.upgrade() {
                    r.increment_read_window(u64::MAX / 2);
                }
            });
        })
    }

    fn write_error(&self) -> Option<TransferError> {
        self.write_error.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// CRT errors of the transport (what a download retries): sockets, connections, timeouts.
fn is_network_error(name: &str) -> bool {
    name.starts_with("AWS_IO_SOCKET")
        || name.contains("CONNECTION_CLOSED")
        || name.contains("SERVER_CLOSED")
        || name.contains("TIMEOUT")
        || name == "AWS_ERROR_S3_INCORRECT_CONTENT_LENGTH"
        || name == "AWS_IO_BROKEN_PIPE"
        || name == "AWS_ERROR_HTTP_CHANNEL_THROUGHPUT_FAILURE"
}

/// HeadObject on the CRT: (size, ETag).
async fn head(
    ctx: &TransferCtx,
    client: &S3Client,
    bucket: &str,
    key: &str,
    addr: &ObjectAddress,
    headers: &[(String, String)],
) -> Result<(Option<u64>, Option<String>)> {
    let mut o = client.head_object(bucket, key).at(addr.endpoint.clone(), addr.path.clone());
    for (n, v) in headers.iter().filter(|(n, _)| {
        let n = n.to_ascii_lowercase();
        n.starts_with("x-amz-server-side-encryption-customer") || n == "x-amz-request-payer" || n == "x-amz-expected-bucket-owner"
    }) {
        o = o.header(n.clone(), v.clone());
    }
    match run_meta(ctx, client, o).await? {
        Ok(out) => Ok((
            out.headers.get("content-length").and_then(|v| v.trim().parse().ok()),
            out.headers.get("etag").map(str::to_owned),
        )),
        Err(e) => Err(TransferError::from(e)),
    }
}

fn rename(temp: &Path, dest: &Path) -> Result<()> {
    std::fs::rename(temp, dest).map_err(|e| TransferError::io(&e, Some(dest)))
}

/// Copy args that set the new object's metadata; classic sends them on CreateMultipartUpload, so
/// a multipart copy gets them whatever `MetadataDirective` says.
const METADATA_ARGS: &[&str] = &[
    "CacheControl",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "Expires",
    "Metadata",
    "WebsiteRedirectLocation",
];

async fn copy(ctx: &TransferCtx, client: &S3Client, at: &Addressing, j: crate::classic::copy::CopyJob) -> Result<()> {
    let cfg = ctx.config();
    if j.source.version_id.is_some() || j.source_client.is_some() {
        return Err(TransferError::invalid("the CRT engine cannot run this copy (versioned source or source_client)"));
    }
    let (mut headers, _query) = to_wire(&j.extra_args)?;
    let src = at.object(&j.source.bucket, &j.source.key).await?;
    // Size and ETag of the source, as classic's HeadObject (skipped when both were provided).
    let meta = ctx.future.meta();
    let (size, etag) = match (meta.size(), meta.etag()) {
        (Some(s), Some(e)) => (s, Some(e)),
        _ => {
            let (s, e) = head(ctx, client, &j.source.bucket, &j.source.key, &src, &[]).await?;
            let s = s.ok_or_else(|| TransferError::invalid("the copy source's HeadObject gave no Content-Length"))?;
            meta.provide_transfer_size(s);
            if let Some(e) = &e {
                meta.provide_object_etag(e.clone());
            }
            (s, e)
        }
    };
    // The CRT copies objects below 1 GiB with one CopyObject. Classic copies objects at or above
    // `multipart_threshold` in parts, which gives them the caller's metadata args even without
    // `MetadataDirective`; keep that result by asking CopyObject to REPLACE in that case.
    if size >= cfg.multipart_threshold
        && !j.extra_args.contains("MetadataDirective")
        && METADATA_ARGS.iter().any(|a| j.extra_args.contains(a))
    {
        headers.push(("x-amz-metadata-directive".into(), "REPLACE".into()));
    }
    // Copy from the version we measured (classic sends CopySourceIfMatch on its part copies).
    if let (Some(e), false) = (&etag, j.extra_args.contains("CopySourceIfMatch")) {
        if size >= cfg.multipart_threshold {
            headers.push(("x-amz-copy-source-if-match".into(), e.clone()));
        }
    }
    let part_size = ChunksizeAdjuster::default().adjust_chunksize(cfg.multipart_chunksize, Some(size));
    let dst = at.object(&j.bucket, &j.key).await?;
    let mut o = client
        .copy_object(&j.source.bucket, &j.source.key, &j.bucket, &j.key)
        .at(dst.endpoint, dst.path)
        .copy_source_uri(format!("{}{}", src.endpoint, src.path))
        .part_size(part_size)
        .object_size_hint(size);
    for (n, v) in headers {
        o = o.header(n, v);
    }
    let o = o.on_progress(progress_callback(ctx));
    match run_meta(ctx, client, o).await? {
        Ok(_) => Ok(()),
        Err(S3RequestError::Service(se)) if se.status == 412 => Err(TransferError::S3CopyFailed {
            bucket: j.source.bucket,
            key: j.source.key,
            cause: Box::new(TransferError::from(S3RequestError::Service(se))),
        }),
        Err(e) => Err(TransferError::from(e)),
    }
}

async fn delete(ctx: &TransferCtx, client: &S3Client, at: &Addressing, j: crate::classic::delete::DeleteJob) -> Result<()> {
    let (headers, query) = to_wire(&j.extra_args)?;
    let addr = at.object(&j.bucket, &j.key).await?;
    let path = format!("{}{}", addr.path, query);
    let mut o = client.default_request("DeleteObject", "DELETE", &path).at(addr.endpoint, path);
    for (n, v) in headers {
        o = o.header(n, v);
    }
    match run_meta(ctx, client, o).await? {
        Ok(_) => Ok(()),
        Err(e) => Err(TransferError::from(e)),
    }
}
