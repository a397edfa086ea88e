//! The manager's one CRT client: made by `prepare()` or the first CRT transfer from the `aws-sdk-s3`
//! client's own settings (region, endpoint rules, credentials, timeouts), shared by every CRT
//! transfer of the manager, waited for by `close()`.

use std::sync::Arc;

use crate::crt::auth::CredentialsProvider;
use crate::crt::io::ShutdownSignal;
use crate::crt::s3::{S3Client, S3ClientConfig};
use crate::error::{Result, TransferError};
use crate::runtime::{ManagerContext, TransferCtx};

use super::addressing::Addressing;
use super::credentials::{capture, CredentialSource};
use super::errors::{crt_error, from_request_error};

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
pub(super) struct CrtClient {
    pub(super) s3: S3Client,
    pub(super) addressing: Arc<Addressing>,
}

impl CrtSlot {
    pub(super) async fn client(&self, shared: &ManagerContext) -> Result<CrtClient> {
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
    pub(crate) async fn ready(self: &Arc<Self>, shared: &Arc<ManagerContext>) -> Result<()> {
        let (ended, creating) = std::sync::mpsc::channel::<()>();
        {
            let mut all = self.creating.lock().unwrap_or_else(|p| p.into_inner());
            all.retain(|c| !matches!(c.try_recv(), Err(std::sync::mpsc::TryRecvError::Disconnected)));
            all.push(creating);
        }
        let (slot, s) = (self.clone(), shared.clone());
        shared
            .handle
            .spawn(async move {
                let _ended = ended; // dropped when this task ends or is dropped
                slot.client(&s).await.map(drop)
            })
            .await
            .map_err(|_| TransferError::Fatal { message: "creating the CRT client was interrupted (manager shut down?)".into() })?
    }

    /// A place among the meta-requests in flight (waits, cancellably, while they are all taken).
    pub(super) async fn in_flight_slot(&self, ctx: &TransferCtx) -> Result<tokio::sync::OwnedSemaphorePermit> {
        let permits = ctx.config().max_request_concurrency.saturating_mul(IN_FLIGHT_PER_CONNECTION).max(IN_FLIGHT_PER_CONNECTION);
        ctx.permit(self.in_flight.get_or_init(|| Arc::new(tokio::sync::Semaphore::new(permits))).clone()).await
    }

    /// What [`TransferManager::close`](crate::TransferManager::close) waits for once it has let go
    /// of the client: its shutdown and its event loop group's (whose threads are then joined).
    pub(crate) fn closer(&self) -> Closer {
        let signals = self.cell.get().map(|c| vec![c.s3.shutdown_signal(), c.s3.event_loop_shutdown_signal()]);
        Closer { signals: signals.unwrap_or_default() }
    }
}

async fn build_client(shared: &ManagerContext) -> std::result::Result<CrtClient, TransferError> {
    let settings = capture(&shared.client).await?;
    let addressing =
        Arc::new(Addressing::new(settings.components.endpoint_resolver(), settings.endpoint_params, settings.region.clone()));
    let source = CredentialSource::new(settings.components, shared.handle.clone()).await?;
    let provider = CredentialsProvider::new_delegate(Arc::new(move || source.get())).map_err(crt_error)?;
    let cfg = &shared.config;
    let attempts = cfg.num_download_attempts.max(1) as usize;
    tracing::debug!(
        target: "s3transfer::engine",
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
    let s3 = S3Client::new(config).map_err(from_request_error)?;
    Ok(CrtClient { s3, addressing })
}

/// The CRT uploads in one request iff `size <= threshold`; s3transfer iff `size < threshold`.
pub(super) fn crt_threshold(threshold: u64) -> u64 {
    threshold.saturating_sub(1).max(1)
}


/// Waits for a manager's CRT client to be gone with all its threads (see [`CrtSlot::closer`]).
pub(crate) struct Closer {
    signals: Vec<ShutdownSignal>,
}

impl Closer {
    /// Waits until `deadline` for the client's and its event loop group's shutdown, then joins the
    /// CRT's housekeeping threads if no other event loop group is alive in the process. Returns
    /// whether everything finished in time (always true without a CRT client).
    pub(crate) fn wait(self, deadline: std::time::Instant) -> bool {
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
}
