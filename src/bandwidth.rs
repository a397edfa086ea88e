//! Bandwidth limiting (s3transfer/bandwidth.py): a [`LeakyBucket`] shared by every body a manager sends or
//! receives, and [`BandwidthLimitedStream`], an [`AsyncRead`] paced by it.
//!
//! The pieces are s3transfer's: [`TimeUtils`] (an injectable clock; [`RealTimeUtils`] is monotonic,
//! not wall time), [`BandwidthRateTracker`] (an exponential moving average of the consumption rate,
//! alpha 0.8), [`ConsumptionScheduler`] (time already promised to waiting requesters),
//! [`LeakyBucket`] (admits a consumption or answers [`TransferError::RequestExceeded`] with the
//! time to wait), [`RequestToken`] (one per stream, so a retry is recognised as scheduled) and
//! [`BandwidthLimiter`] (makes limited streams).
//!
//! How a limited stream uses the bucket: bytes are counted until 256 KiB (`bytes_threshold`) have
//! been seen, then that amount is consumed through the bucket; when the bucket answers
//! `RequestExceeded` the stream sleeps `retry_time` and asks again (a scheduled retry is always
//! admitted). A transfer that failed or was cancelled stops waiting at once and reports its error.
//!
//! `TransferConfig::max_bandwidth` creates one bucket per manager. On the classic engine every
//! request body (PutObject, UploadPart) is paced while the HTTP layer takes its 256 KiB frames, and
//! every GET body is paced per `io_chunksize` chunk before it is written, so the sum of all the
//! manager's transfers stays at the cap and progress arrives as the bytes pass.
//!
//! A cap smaller than one 256 KiB step works: each step is admitted after `step / rate` seconds,
//! so the average rate is the cap, in bursts of one step (progress then moves in such steps).
//! A rate of zero, a negative, NaN or infinite rate is refused with
//! [`TransferError::InvalidArgument`] ([`TransferConfig`](crate::TransferConfig) refuses
//! `max_bandwidth = 0` too).
//!
//! Differences from Python s3transfer:
//! * Fixed: [`BandwidthLimitedStream`] accounts the bytes a read *returned*, not the amount
//!   asked for (so a reader given large buffers is not throttled below the cap). The bytes of one
//!   read are paid for before the next read (or by [`BandwidthLimitedStream::finish`]).
//! * Hardened: a stream dropped while it waits for a scheduled consumption gives its promised time
//!   back ([`LeakyBucket::cancel_scheduled`]); in Python the abandoned slot delays every later
//!   requester forever.
//! * The clock is monotonic, and sleeping is asynchronous (tokio timers), so waiting never blocks a
//!   runtime thread.
//! * A stream that woke up late (timer or scheduling latency on a busy machine) sleeps that much
//!   less next time (at most 0.25 s is made up), so latency does not add up over hundreds of steps
//!   into a rate well below the cap. The bucket's accounting is unchanged.
//!
//! ```
//! use std::sync::Arc;
//! use s3transfer::bandwidth::{LeakyBucket, RequestToken};
//! use s3transfer::TransferError;
//!
//! let bucket = LeakyBucket::new(1024.0 * 1024.0).unwrap(); // 1 MiB/s
//! let token = RequestToken::new();
//! assert_eq!(bucket.consume(256 * 1024, &token).unwrap(), 256 * 1024); // the first is always admitted
//! match bucket.consume(256 * 1024, &token) {
//!     Err(TransferError::RequestExceeded { requested_amt, retry_time }) => {
//!         assert_eq!(requested_amt, 256 * 1024);
//!         assert!(retry_time > 0.0 && retry_time <= 0.25);
//!     }
//!     other => panic!("{other:?}"),
//! }
//! assert!(LeakyBucket::new(0.0).is_err());
//! ```

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncSeek, ReadBuf};

use crate::error::{Result, TransferError};
use crate::future::TransferCoordinator;

/// Bytes a limited stream lets pass before it consults the bucket (s3transfer's default).
pub const DEFAULT_BYTES_THRESHOLD: u64 = 256 * 1024;

/// A sleep returned by [`TimeUtils::sleep`].
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send + Sync + 'static>>;

/// The clock the bandwidth limiter reads and sleeps on; inject a fake one in tests.
pub trait TimeUtils: Send + Sync + fmt::Debug {
    /// Seconds since some fixed origin (monotonic).
    fn time(&self) -> f64;
    /// A future that completes after `seconds`.
    fn sleep(&self, seconds: f64) -> SleepFuture;
}

/// The real clock: [`Instant`] seconds since creation, tokio timers for sleeping (so a sleep must
/// be polled inside a tokio runtime with time enabled).
#[derive(Debug, Clone, Copy)]
pub struct RealTimeUtils {
    origin: Instant,
}

impl Default for RealTimeUtils {
    fn default() -> Self {
        Self { origin: Instant::now() }
    }
}

impl TimeUtils for RealTimeUtils {
    fn time(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }
    fn sleep(&self, seconds: f64) -> SleepFuture {
        let d = Duration::try_from_secs_f64(seconds.max(0.0)).unwrap_or(Duration::from_secs(3600));
        Box::pin(tokio::time::sleep(d))
    }
}

/// Exponential moving average of a consumption rate (s3transfer's `BandwidthRateTracker`).
///
/// ```
/// use s3transfer::bandwidth::BandwidthRateTracker;
/// let mut t = BandwidthRateTracker::new(0.8);
/// assert_eq!(t.current_rate(), 0.0);
/// t.record_consumption_rate(100, 1.0); // first record: only the time is kept
/// assert_eq!(t.get_projected_rate(100, 2.0), 0.8 * 100.0);
/// t.record_consumption_rate(100, 2.0);
/// assert_eq!(t.current_rate(), 80.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BandwidthRateTracker {
    alpha: f64,
    last_time: Option<f64>,
    current_rate: Option<f64>,
}

impl Default for BandwidthRateTracker {
    fn default() -> Self {
        Self::new(0.8)
    }
}

impl BandwidthRateTracker {
    /// A tracker weighting the newest instantaneous rate by `alpha` (s3transfer uses 0.8).
    pub fn new(alpha: f64) -> Self {
        Self { alpha, last_time: None, current_rate: None }
    }

    /// The current rate (bytes/s); 0 before the first record.
    pub fn current_rate(&self) -> f64 {
        self.current_rate.unwrap_or(0.0)
    }

    /// The rate if `amt` bytes were consumed at `time`; 0 before the first record, infinite when
    /// no time passed since the last record.
    pub fn get_projected_rate(&self, amt: u64, time: f64) -> f64 {
        if self.last_time.is_none() {
            return 0.0;
        }
        self.ema(amt, time)
    }

    /// Records that `amt` bytes were consumed at `time` (the first call only sets the time).
    pub fn record_consumption_rate(&mut self, amt: u64, time: f64) {
        if self.last_time.is_none() {
            self.last_time = Some(time);
            self.current_rate = Some(0.0);
            return;
        }
        self.current_rate = Some(self.ema(amt, time));
        self.last_time = Some(time);
    }

    fn ema(&self, amt: u64, time: f64) -> f64 {
        let last = self.last_time.unwrap_or(time);
        let dt = time - last;
        let inst = if dt <= 0.0 { f64::INFINITY } else { amt as f64 / dt };
        self.alpha * inst + (1.0 - self.alpha) * self.current_rate()
    }
}

/// Time promised to requesters that were told to wait (s3transfer's `ConsumptionScheduler`).
///
/// ```
/// use s3transfer::bandwidth::{ConsumptionScheduler, RequestToken};
/// let mut s = ConsumptionScheduler::default();
/// let (a, b) = (RequestToken::new(), RequestToken::new());
/// assert_eq!(s.schedule_consumption(10, &a, 1.0), 1.0);
/// assert_eq!(s.schedule_consumption(10, &b, 2.0), 3.0);
/// s.process_scheduled_consumption(&a);
/// assert_eq!(s.total_wait(), 2.0);
/// ```
#[derive(Debug, Default, Clone)]
pub struct ConsumptionScheduler {
    total_wait: f64,
    scheduled: HashMap<RequestToken, (f64, f64)>,
}

impl ConsumptionScheduler {
    /// Whether `token` has a scheduled consumption.
    pub fn is_scheduled(&self, token: &RequestToken) -> bool {
        self.scheduled.contains_key(token)
    }

    /// The total time promised to waiting requesters.
    pub fn total_wait(&self) -> f64 {
        self.total_wait
    }

    /// Schedules a consumption that takes `time_to_consume` seconds; returns how long the
    /// requester should wait (everything already promised plus its own time).
    pub fn schedule_consumption(&mut self, _amt: u64, token: &RequestToken, time_to_consume: f64) -> f64 {
        self.total_wait += time_to_consume;
        self.scheduled.insert(token.clone(), (self.total_wait, time_to_consume));
        self.total_wait
    }

    /// Removes the scheduled consumption of `token`, giving back its time.
    pub fn process_scheduled_consumption(&mut self, token: &RequestToken) {
        if let Some((_, t)) = self.scheduled.remove(token) {
            self.total_wait = (self.total_wait - t).max(0.0);
        }
    }
}

/// An opaque identity for one stream's consumptions (s3transfer's `RequestToken`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RequestToken(u64);

impl RequestToken {
    /// A new, unique token.
    pub fn new() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        RequestToken(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

impl Default for RequestToken {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for RequestToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RequestToken({})", self.0)
    }
}

struct BucketState {
    tracker: BandwidthRateTracker,
    scheduler: ConsumptionScheduler,
}

/// The shared rate limit (s3transfer's `LeakyBucket`): `max_rate` bytes per second.
pub struct LeakyBucket {
    max_rate: f64,
    time: Arc<dyn TimeUtils>,
    state: Mutex<BucketState>,
}

impl fmt::Debug for LeakyBucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LeakyBucket").field("max_rate", &self.max_rate).finish_non_exhaustive()
    }
}

impl LeakyBucket {
    /// A bucket of `max_rate` bytes/s on the real clock. Zero, negative, NaN or infinite rates are
    /// refused with [`TransferError::InvalidArgument`].
    pub fn new(max_rate: f64) -> Result<Self> {
        Self::with_parts(max_rate, Arc::new(RealTimeUtils::default()), BandwidthRateTracker::default(), ConsumptionScheduler::default())
    }

    /// A bucket on the given clock (tests use a fake one).
    pub fn with_time_utils(max_rate: f64, time: Arc<dyn TimeUtils>) -> Result<Self> {
        Self::with_parts(max_rate, time, BandwidthRateTracker::default(), ConsumptionScheduler::default())
    }

    /// A bucket from all its parts (s3transfer's full constructor).
    pub fn with_parts(
        max_rate: f64,
        time: Arc<dyn TimeUtils>,
        rate_tracker: BandwidthRateTracker,
        consumption_scheduler: ConsumptionScheduler,
    ) -> Result<Self> {
        if !(max_rate > 0.0 && max_rate.is_finite()) {
            return Err(TransferError::invalid(format!(
                "bandwidth limit must be a positive, finite number of bytes per second (got {max_rate})"
            )));
        }
        Ok(Self { max_rate, time, state: Mutex::new(BucketState { tracker: rate_tracker, scheduler: consumption_scheduler }) })
    }

    /// The rate limit in bytes per second.
    pub fn max_rate(&self) -> f64 {
        self.max_rate
    }

    /// The bucket's clock.
    pub fn time_utils(&self) -> &Arc<dyn TimeUtils> {
        &self.time
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BucketState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Consumes `amt` bytes for `token`: `Ok(amt)` when admitted, else
    /// [`TransferError::RequestExceeded`] with the seconds to wait before asking again with the
    /// same token (that retry is always admitted).
    pub fn consume(&self, amt: u64, token: &RequestToken) -> Result<u64> {
        let mut st = self.lock();
        let now = self.time.time();
        if st.scheduler.is_scheduled(token) {
            st.scheduler.process_scheduled_consumption(token);
            st.tracker.record_consumption_rate(amt, now);
            return Ok(amt);
        }
        if st.tracker.get_projected_rate(amt, now) > self.max_rate {
            let allocated = amt as f64 / self.max_rate;
            let retry_time = st.scheduler.schedule_consumption(amt, token, allocated);
            return Err(TransferError::RequestExceeded { requested_amt: amt, retry_time });
        }
        st.tracker.record_consumption_rate(amt, now);
        Ok(amt)
    }

    /// Gives back the time scheduled for `token` without consuming (a requester that stopped
    /// waiting). Not in s3transfer, where an abandoned slot delays everyone after it.
    pub fn cancel_scheduled(&self, token: &RequestToken) {
        self.lock().scheduler.process_scheduled_consumption(token);
    }

    /// Whether `token` has a scheduled consumption.
    pub fn is_scheduled(&self, token: &RequestToken) -> bool {
        self.lock().scheduler.is_scheduled(token)
    }
}

/// The pacing state of one stream: counts bytes, consults the bucket past the threshold, sleeps
/// when told to. Shared by [`BandwidthLimitedStream`] and the engines' request bodies.
pub(crate) struct Pacer {
    bucket: Arc<LeakyBucket>,
    token: RequestToken,
    threshold: u64,
    bytes_seen: u64,
    enabled: bool,
    sleeping: Option<SleepFuture>,
    /// When the current sleep should end (bucket clock).
    wake_at: f64,
    /// Seconds this stream overslept earlier sleeps (timer and scheduling latency), taken off its
    /// next sleeps so latency does not pile up into a rate below the cap (at most `MAX_CREDIT`).
    credit: f64,
    coordinator: Option<Arc<TransferCoordinator>>,
}

/// The most oversleep a stream may make up for.
const MAX_CREDIT: f64 = 0.25;

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pacer")
            .field("token", &self.token)
            .field("bytes_seen", &self.bytes_seen)
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

impl Pacer {
    pub(crate) fn new(bucket: Arc<LeakyBucket>, coordinator: Option<Arc<TransferCoordinator>>) -> Self {
        Self {
            bucket,
            token: RequestToken::new(),
            threshold: DEFAULT_BYTES_THRESHOLD,
            bytes_seen: 0,
            enabled: true,
            sleeping: None,
            wake_at: 0.0,
            credit: 0.0,
            coordinator,
        }
    }

    /// Counts `n` more bytes (nothing when disabled).
    pub(crate) fn add(&mut self, n: u64) {
        if self.enabled {
            self.bytes_seen += n;
        }
    }

    /// Ready when the counted bytes may pass: at once below the threshold (unless `flush`), else
    /// once the bucket admitted them. Err when the transfer failed or was cancelled meanwhile.
    pub(crate) fn poll_admit(&mut self, cx: &mut Context<'_>, flush: bool) -> Poll<Result<()>> {
        loop {
            if let Some(s) = self.sleeping.as_mut() {
                match s.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(()) => {
                        self.sleeping = None;
                        let late = self.bucket.time.time() - self.wake_at;
                        self.credit = (self.credit + late.max(0.0)).min(MAX_CREDIT);
                    }
                }
            }
            if !self.enabled || self.bytes_seen == 0 || (!flush && self.bytes_seen < self.threshold) {
                return Poll::Ready(Ok(()));
            }
            if let Some(c) = &self.coordinator {
                if c.is_cancelled_or_failed() {
                    self.bucket.cancel_scheduled(&self.token);
                    return Poll::Ready(Err(c.exception().unwrap_or_else(|| TransferError::cancelled(""))));
                }
            }
            match self.bucket.consume(self.bytes_seen, &self.token) {
                Ok(_) => {
                    self.bytes_seen = 0;
                    return Poll::Ready(Ok(()));
                }
                Err(TransferError::RequestExceeded { retry_time, .. }) => {
                    let sleep = (retry_time - self.credit).max(0.0);
                    self.credit -= retry_time - sleep;
                    self.wake_at = self.bucket.time.time() + sleep;
                    self.sleeping = Some(self.bucket.time.sleep(sleep));
                }
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    /// Counts `n` bytes and waits until they may pass.
    pub(crate) async fn admit(&mut self, n: u64) -> Result<()> {
        self.add(n);
        std::future::poll_fn(|cx| self.poll_admit(cx, false)).await
    }

    /// Pays for everything still counted, even below the threshold.
    pub(crate) async fn finish(&mut self) -> Result<()> {
        std::future::poll_fn(|cx| self.poll_admit(cx, true)).await
    }

    pub(crate) fn set_enabled(&mut self, on: bool) {
        self.enabled = on;
    }
}

impl Drop for Pacer {
    fn drop(&mut self) {
        if self.sleeping.is_some() {
            self.bucket.cancel_scheduled(&self.token);
        }
    }
}

/// An [`AsyncRead`] whose reads are paced by a [`LeakyBucket`] (s3transfer's
/// `BandwidthLimitedStream`). Seeks pass through.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use std::sync::Arc;
/// use tokio::io::AsyncReadExt;
/// use s3transfer::bandwidth::{BandwidthLimiter, LeakyBucket};
///
/// let bucket = Arc::new(LeakyBucket::new(64.0 * 1024.0 * 1024.0).unwrap());
/// let limiter = BandwidthLimiter::new(bucket);
/// let data = vec![7u8; 1 << 20];
/// let mut s = limiter.get_bandwidth_limited_stream(&data[..], None, true);
/// let mut out = Vec::new();
/// s.read_to_end(&mut out).await.unwrap();
/// s.finish().await.unwrap(); // pays for what is still counted
/// assert_eq!(out, data);
/// # }
/// ```
#[derive(Debug)]
pub struct BandwidthLimitedStream<R> {
    inner: R,
    pacer: Pacer,
}

impl<R> BandwidthLimitedStream<R> {
    /// Wraps `inner`; `coordinator` (if any) stops waiting once its transfer failed or was
    /// cancelled. Enabled, with the 256 KiB threshold.
    pub fn new(inner: R, bucket: Arc<LeakyBucket>, coordinator: Option<Arc<TransferCoordinator>>) -> Self {
        Self { inner, pacer: Pacer::new(bucket, coordinator) }
    }

    /// Sets the number of bytes counted before the bucket is consulted.
    pub fn with_bytes_threshold(mut self, bytes: u64) -> Self {
        self.pacer.threshold = bytes;
        self
    }

    /// This stream's token.
    pub fn token(&self) -> &RequestToken {
        &self.pacer.token
    }

    /// Bytes counted and not yet paid for.
    pub fn bytes_seen(&self) -> u64 {
        self.pacer.bytes_seen
    }

    /// Whether reads are paced.
    pub fn is_enabled(&self) -> bool {
        self.pacer.enabled
    }

    /// Turns pacing on.
    pub fn enable_bandwidth_limiting(&mut self) {
        self.pacer.set_enabled(true);
    }

    /// Turns pacing off (reads pass straight through and are not counted).
    pub fn disable_bandwidth_limiting(&mut self) {
        self.pacer.set_enabled(false);
    }

    /// The body is being sent: enable pacing.
    pub fn signal_transferring(&mut self) {
        self.enable_bandwidth_limiting();
    }

    /// The body is not being sent (e.g. read for a checksum): disable pacing.
    pub fn signal_not_transferring(&mut self) {
        self.disable_bandwidth_limiting();
    }

    /// Pays for the bytes still counted (when enabled), as s3transfer's `close()` does, so small
    /// bodies below the threshold are still accounted.
    pub async fn finish(&mut self) -> Result<()> {
        self.pacer.finish().await
    }

    /// The wrapped reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The wrapped reader, consuming the stream.
    pub fn into_inner(self) -> R {
        let Self { inner, pacer } = self;
        drop(pacer);
        inner
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for BandwidthLimitedStream<R> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        match this.pacer.poll_admit(cx, false) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(std::io::Error::other(e))),
            Poll::Ready(Ok(())) => {}
        }
        let before = buf.filled().len();
        let r = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = &r {
            this.pacer.add((buf.filled().len() - before) as u64);
        }
        r
    }
}

impl<R: AsyncSeek + Unpin> AsyncSeek for BandwidthLimitedStream<R> {
    fn start_seek(mut self: Pin<&mut Self>, position: std::io::SeekFrom) -> std::io::Result<()> {
        Pin::new(&mut self.inner).start_seek(position)
    }
    fn poll_complete(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<u64>> {
        Pin::new(&mut self.inner).poll_complete(cx)
    }
}

/// Makes [`BandwidthLimitedStream`]s over one bucket (s3transfer's `BandwidthLimiter`).
#[derive(Debug, Clone)]
pub struct BandwidthLimiter {
    bucket: Arc<LeakyBucket>,
}

impl BandwidthLimiter {
    /// A limiter over `bucket`.
    pub fn new(bucket: Arc<LeakyBucket>) -> Self {
        Self { bucket }
    }

    /// The shared bucket.
    pub fn leaky_bucket(&self) -> &Arc<LeakyBucket> {
        &self.bucket
    }

    /// A limited stream over `reader` (disabled unless `enabled`). s3transfer spells this
    /// `get_bandwith_limited_stream`.
    #[doc(alias = "get_bandwith_limited_stream")]
    pub fn get_bandwidth_limited_stream<R>(
        &self,
        reader: R,
        coordinator: Option<Arc<TransferCoordinator>>,
        enabled: bool,
    ) -> BandwidthLimitedStream<R> {
        let mut s = BandwidthLimitedStream::new(reader, self.bucket.clone(), coordinator);
        if !enabled {
            s.disable_bandwidth_limiting();
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    /// A fake clock: `sleep` advances time at once and records the duration.
    #[derive(Debug, Default)]
    struct FakeTime {
        now: Mutex<f64>,
        sleeps: Mutex<Vec<f64>>,
        /// Extra seconds every sleep takes (a late wake-up).
        overshoot: Mutex<f64>,
    }
    impl FakeTime {
        fn set(&self, t: f64) {
            *self.now.lock().unwrap() = t;
        }
    }
    impl TimeUtils for Arc<FakeTime> {
        fn time(&self) -> f64 {
            *self.now.lock().unwrap()
        }
        fn sleep(&self, seconds: f64) -> SleepFuture {
            self.sleeps.lock().unwrap().push(seconds);
            *self.now.lock().unwrap() += seconds + *self.overshoot.lock().unwrap();
            Box::pin(std::future::ready(()))
        }
    }

    fn fake() -> (Arc<FakeTime>, Arc<dyn TimeUtils>) {
        let t = Arc::new(FakeTime::default());
        (t.clone(), Arc::new(t))
    }

    #[test]
    fn rate_tracker_initial_zero_and_first_record() {
        let mut t = BandwidthRateTracker::default();
        assert_eq!(t.current_rate(), 0.0);
        assert_eq!(t.get_projected_rate(100, 1.0), 0.0);
        t.record_consumption_rate(999, 1.0);
        assert_eq!(t.current_rate(), 0.0);
        assert_eq!(t.last_time, Some(1.0));
    }

    #[test]
    fn rate_tracker_ema_and_infinite() {
        let mut t = BandwidthRateTracker::default();
        t.record_consumption_rate(0, 0.0);
        assert_eq!(t.get_projected_rate(10, 1.0), 8.0);
        t.record_consumption_rate(10, 1.0); // 0.8*10 + 0.2*0
        assert_eq!(t.current_rate(), 8.0);
        t.record_consumption_rate(20, 3.0); // 0.8*10 + 0.2*8
        assert!((t.current_rate() - 9.6).abs() < 1e-9);
        assert_eq!(t.get_projected_rate(1, 3.0), f64::INFINITY);
        assert_eq!(t.get_projected_rate(1, 2.0), f64::INFINITY);
    }

    #[test]
    fn scheduler_accumulates_and_processes() {
        let mut s = ConsumptionScheduler::default();
        let (a, b) = (RequestToken::new(), RequestToken::new());
        assert!(!s.is_scheduled(&a));
        assert_eq!(s.schedule_consumption(1, &a, 0.5), 0.5);
        assert_eq!(s.schedule_consumption(1, &b, 1.5), 2.0);
        assert!(s.is_scheduled(&a));
        s.process_scheduled_consumption(&b);
        assert_eq!(s.total_wait(), 0.5);
        s.process_scheduled_consumption(&a);
        assert_eq!(s.total_wait(), 0.0);
        assert!(!s.is_scheduled(&a));
    }

    #[test]
    fn bucket_refuses_bad_rates() {
        for r in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(LeakyBucket::new(r), Err(TransferError::InvalidArgument { .. })), "{r}");
        }
    }

    #[test]
    fn bucket_admits_schedules_and_always_admits_retry() {
        let (clock, time) = fake();
        let b = LeakyBucket::with_time_utils(100.0, time).unwrap();
        let (t1, t2) = (RequestToken::new(), RequestToken::new());
        assert_eq!(b.consume(50, &t1).unwrap(), 50); // first: projected 0
        // Same timestamp: infinite projection -> scheduled for 50/100 s.
        match b.consume(50, &t1) {
            Err(TransferError::RequestExceeded { requested_amt: 50, retry_time }) => assert_eq!(retry_time, 0.5),
            other => panic!("{other:?}"),
        }
        // Another token queues behind it.
        match b.consume(100, &t2) {
            Err(TransferError::RequestExceeded { requested_amt: 100, retry_time }) => assert_eq!(retry_time, 1.5),
            other => panic!("{other:?}"),
        }
        // A scheduled retry is admitted whatever the projected rate (here 0.8*50/0.1 = 400 > 100).
        clock.set(0.1);
        assert!(b.lock().tracker.get_projected_rate(50, 0.1) > 100.0);
        assert_eq!(b.consume(50, &t1).unwrap(), 50);
        assert!(!b.is_scheduled(&t1));
        assert_eq!(b.lock().scheduler.total_wait(), 1.0); // t2's 1.0 s remains promised
        clock.set(1.5);
        assert_eq!(b.consume(100, &t2).unwrap(), 100);
        assert_eq!(b.lock().scheduler.total_wait(), 0.0);
        // Rate now 0.8*100/1.4 + 0.2*400 ≈ 137; 10 bytes 10 s later project 0.8*1 + 0.2*137 ≈ 28.
        clock.set(11.5);
        assert_eq!(b.consume(10, &t1).unwrap(), 10);
        // Over the rate: 1000 bytes 0.1 s later.
        clock.set(11.6);
        match b.consume(1000, &t1) {
            Err(TransferError::RequestExceeded { retry_time, .. }) => assert_eq!(retry_time, 10.0),
            other => panic!("{other:?}"),
        }
        b.cancel_scheduled(&t1);
        assert!(!b.is_scheduled(&t1));
    }

    fn limited(data: Vec<u8>, rate: f64) -> (Arc<FakeTime>, Arc<LeakyBucket>, BandwidthLimitedStream<std::io::Cursor<Vec<u8>>>) {
        let (clock, time) = fake();
        let bucket = Arc::new(LeakyBucket::with_time_utils(rate, time).unwrap());
        let s = BandwidthLimiter::new(bucket.clone()).get_bandwidth_limited_stream(std::io::Cursor::new(data), None, true);
        (clock, bucket, s)
    }

    #[tokio::test]
    async fn stream_below_threshold_does_not_consume_then_consumes_and_resets() {
        let (clock, bucket, mut s) = limited(vec![1u8; 600 * 1024], 1024.0 * 1024.0);
        let mut buf = vec![0u8; 100 * 1024];
        s.read_exact(&mut buf).await.unwrap();
        s.read_exact(&mut buf).await.unwrap();
        assert_eq!(s.bytes_seen(), 200 * 1024);
        // Nothing recorded yet: the bucket's first consumption is still to come.
        assert_eq!(bucket.lock().tracker.last_time, None);
        s.read_exact(&mut buf).await.unwrap(); // 300 KiB counted (paid before the next read)
        s.read_exact(&mut buf).await.unwrap(); // pays 300 KiB (first: admitted), then reads
        assert_eq!(s.bytes_seen(), 100 * 1024);
        assert_eq!(bucket.lock().tracker.last_time, Some(0.0));
        assert!(clock.sleeps.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn stream_sleeps_retry_time_and_retries() {
        let rate = 1024.0 * 1024.0;
        let (clock, bucket, mut s) = limited(vec![1u8; 1024 * 1024], rate);
        let mut out = Vec::new();
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = s.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        s.finish().await.unwrap();
        assert_eq!(out.len(), 1024 * 1024);
        // First 256 KiB free, each later one scheduled for 0.25 s at the same fake instant.
        assert_eq!(*clock.sleeps.lock().unwrap(), vec![0.25, 0.25, 0.25]);
        assert!(!bucket.is_scheduled(s.token()));
        assert_eq!(s.bytes_seen(), 0);
    }

    #[tokio::test]
    async fn stream_reports_coordinator_error_instead_of_waiting() {
        let (_clock, time) = fake();
        let bucket = Arc::new(LeakyBucket::with_time_utils(10.0, time).unwrap());
        let coord = Arc::new(TransferCoordinator::new(1));
        coord.set_exception(TransferError::cancelled("stop"), false);
        let mut s = BandwidthLimitedStream::new(std::io::Cursor::new(vec![0u8; 1 << 20]), bucket, Some(coord));
        let mut buf = vec![0u8; 512 * 1024];
        s.read_exact(&mut buf).await.unwrap(); // counted, not yet paid
        let e = s.read(&mut buf).await.unwrap_err();
        assert!(e.to_string().contains("cancelled"), "{e}");
    }

    #[tokio::test]
    async fn stream_disabled_passthrough_and_toggle() {
        let (clock, bucket, mut s) = limited(vec![1u8; 2 << 20], 1024.0);
        s.signal_not_transferring();
        assert!(!s.is_enabled());
        let mut buf = vec![0u8; 1 << 20];
        s.read_exact(&mut buf).await.unwrap();
        assert_eq!(s.bytes_seen(), 0);
        s.finish().await.unwrap(); // disabled: nothing paid
        assert_eq!(bucket.lock().tracker.last_time, None);
        s.signal_transferring();
        s.read_exact(&mut buf[..1000]).await.unwrap();
        assert_eq!(s.bytes_seen(), 1000);
        s.finish().await.unwrap(); // close pays the remainder below the threshold
        assert_eq!(s.bytes_seen(), 0);
        assert_eq!(bucket.lock().tracker.last_time, Some(0.0));
        assert!(clock.sleeps.lock().unwrap().is_empty());
    }

    #[test]
    fn tokens_unique_per_stream() {
        let bucket = Arc::new(LeakyBucket::new(1.0).unwrap());
        let l = BandwidthLimiter::new(bucket);
        let a = l.get_bandwidth_limited_stream(std::io::empty(), None, true);
        let b = l.get_bandwidth_limited_stream(std::io::empty(), None, false);
        assert_ne!(a.token(), b.token());
        assert_eq!(a.token(), a.token());
        assert!(!b.is_enabled());
    }

    #[tokio::test]
    async fn late_wakeups_are_made_up_next_time() {
        let (clock, bucket, mut s) = limited(vec![1u8; 1024 * 1024], 1024.0 * 1024.0);
        *clock.overshoot.lock().unwrap() = 0.01;
        let mut buf = vec![0u8; 256 * 1024];
        while s.read(&mut buf).await.unwrap() > 0 {}
        s.finish().await.unwrap();
        // 0.25 s asked each time; every wake-up 10 ms late, taken off the next sleep.
        let sleeps = clock.sleeps.lock().unwrap().clone();
        assert_eq!(sleeps.len(), 3);
        assert!((sleeps[0] - 0.25).abs() < 1e-9 && (sleeps[1] - 0.24).abs() < 1e-9 && (sleeps[2] - 0.24).abs() < 1e-9, "{sleeps:?}");
        assert!(!bucket.is_scheduled(s.token()));
    }

    #[tokio::test]
    async fn dropped_waiter_gives_its_time_back() {
        let bucket = Arc::new(LeakyBucket::new(1024.0).unwrap());
        let mut p = Pacer::new(bucket.clone(), None);
        p.admit(300 * 1024).await.unwrap(); // first: admitted
        p.add(300 * 1024);
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert!(p.poll_admit(&mut cx, false).is_pending()); // scheduled for 300 s
        let token = p.token.clone();
        assert!(bucket.is_scheduled(&token));
        drop(p);
        assert!(!bucket.is_scheduled(&token));
        assert_eq!(bucket.lock().scheduler.total_wait(), 0.0);
    }
}
