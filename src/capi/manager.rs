//! `s3t_manager`: the transfer manager, and the functions that start transfers.

use std::ffi::{c_char, c_int, c_void};
use std::sync::{Arc, Mutex};

use super::config::{CConfig, StaticCredentials, CONFIGS};
use super::future::{register, s3t_future};
use super::subscriber::{s3t_subscriber, CallGate, CSubscriber, DoneSignal};
use super::{c_str, c_str_opt, guard, write_out, CResult, Fail, Registry};
use crate::{CopySource, DownloadTarget, ExtraArgs, Subscriber, TransferFuture, TransferManager, UploadSource};

/// A transfer manager: runs transfers on its own threads. Create with `s3t_manager_new()`, free
/// with `s3t_manager_free()`.
#[allow(non_camel_case_types)]
pub struct s3t_manager {
    _opaque: [u8; 0],
}

/// One extra argument of a transfer: an S3 request parameter by its S3 API name, as boto3's
/// `ExtraArgs` (`"ContentType"`, `"ServerSideEncryption"`, `"VersionId"`, ...), value as on the
/// wire. User metadata is `"Metadata.<name>"` (e.g. key `"Metadata.origin"`, value `"camera-3"`).
/// A key the operation does not allow is `S3T_ERR_INVALID_ARGUMENT`, the message naming it.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct s3t_extra_arg {
    /// The parameter name (not NULL).
    pub key: *const c_char,
    /// Its value (not NULL).
    pub value: *const c_char,
}

/// The most extra args one call takes (a larger `n_extra` is surely a wrong size).
pub const S3T_MAX_EXTRA_ARGS: usize = 256;

/// What an `s3t_manager` handle holds.
pub(crate) struct CManager {
    tm: TransferManager,
    /// Done signals of the transfers started and not known to be done.
    started: Mutex<Vec<Arc<DoneSignal>>>,
}

impl CManager {
    fn track(&self, done: Arc<DoneSignal>) {
        let mut started = self.started.lock().unwrap_or_else(|p| p.into_inner());
        started.retain(|d| !d.is_set());
        started.push(done);
    }

    /// Shuts down (cancelling if asked) and waits until every transfer's `on_done` has returned.
    fn shutdown(&self, cancel: bool) {
        self.tm.shutdown(cancel, "");
        let started = std::mem::take(&mut *self.started.lock().unwrap_or_else(|p| p.into_inner()));
        for d in started {
            d.wait(None);
        }
    }
}

pub(crate) static MANAGERS: Registry<CManager> = Registry::new("s3t_manager");

/// How long `s3t_manager_free` waits for the manager's threads to exit once its transfers are done.
const CLOSE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Builds the aws-sdk-s3 client a C manager uses (no aws-config: static credentials).
fn build_client(c: &CConfig) -> CResult<aws_sdk_s3::Client> {
    let creds = match &c.credentials {
        Some(creds) => creds.clone(),
        None => match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
            (Some(access_key), Some(secret_key)) => {
                StaticCredentials { access_key, secret_key, session_token: env("AWS_SESSION_TOKEN") }
            }
            _ => {
                return Err(Fail::invalid(
                    "no credentials: call s3t_config_set_credentials() or set AWS_ACCESS_KEY_ID and \
                     AWS_SECRET_ACCESS_KEY",
                ))
            }
        },
    };
    let region = c.region.clone().or_else(|| env("AWS_REGION")).or_else(|| env("AWS_DEFAULT_REGION"));
    let credentials = aws_sdk_s3::config::Credentials::new(
        creds.access_key,
        creds.secret_key,
        creds.session_token,
        None,
        "s3transfer-c-api",
    );
    let mut builder = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new(region.unwrap_or_else(|| "us-east-1".to_owned())))
        .force_path_style(c.force_path_style)
        .credentials_provider(credentials);
    if let Some(url) = &c.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    Ok(aws_sdk_s3::Client::from_conf(builder.build()))
}

/// Creates a manager from `config` (copied: the config may be freed or changed afterwards) and
/// writes it to `*out_manager`. The configuration is validated here: a field of 0 or a CRT engine
/// this build lacks is `S3T_ERR_INVALID_ARGUMENT`, the message naming the field. Missing credentials
/// (neither set nor in the environment) are `S3T_ERR_INVALID_ARGUMENT` too.
#[no_mangle]
pub extern "C" fn s3t_manager_new(config: *const super::config::s3t_config, out_manager: *mut *mut s3t_manager) -> i32 {
    guard("s3t_manager_new", || {
        if out_manager.is_null() {
            return Err(Fail::null("out_manager"));
        }
        let c = CONFIGS.get(config)?.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let client = build_client(&c)?;
        let tm = TransferManager::new(client, c.transfer)?;
        let handle = MANAGERS.insert(CManager { tm, started: Mutex::new(Vec::new()) });
        // SAFETY: the out-pointer was checked not to be NULL; the header's contract for it.
        unsafe { write_out(out_manager, handle) };
        Ok(())
    })
}

/// Gets the manager ready for its first transfer and reports what would fail it: with a manager that
/// may use the CRT engine (`S3T_ENGINE_CRT`, or AUTO), makes its CRT client (threads, TLS, the first
/// credentials) and returns the error that stopped it, e.g. credentials that cannot be resolved.
/// `S3T_OK` at once for a classic manager. Optional: otherwise the first CRT transfer makes the
/// client and waits for it. Do not call from a callback.
#[no_mangle]
pub extern "C" fn s3t_manager_prepare(manager: *mut s3t_manager) -> i32 {
    guard("s3t_manager_prepare", || {
        let m = MANAGERS.get(manager)?;
        futures::executor::block_on(m.tm.prepare())?;
        Ok(())
    })
}

/// Stops accepting transfers (later starts fail with `S3T_ERR_QUEUE_SHUTDOWN`); if `cancel` is
/// non-zero, cancels every unfinished transfer (they end with `S3T_ERR_CANCELLED`); then blocks until
/// every transfer is done and its `on_done` returned. Failures of transfers are not reported here
/// (see each future). Do not call from a subscriber callback.
#[no_mangle]
pub extern "C" fn s3t_manager_shutdown(manager: *mut s3t_manager, cancel: i32) -> i32 {
    guard("s3t_manager_shutdown", || {
        MANAGERS.get(manager)?.shutdown(cancel != 0);
        Ok(())
    })
}

/// Frees the manager: first waits, as `s3t_manager_shutdown(manager, 0)`, for unfinished transfers
/// (call `s3t_manager_shutdown(manager, 1)` before to cancel them instead), then stops its threads
/// and waits (at most 30 s) until they have exited, the CRT's included once no other manager uses
/// it: the program may then exit or unload the library. After it returns no callback runs any
/// more. Futures stay valid until freed. NULL is a no-op; a handle freed already is
/// `S3T_ERR_INVALID_HANDLE`. Do not call from a subscriber callback.
#[no_mangle]
pub extern "C" fn s3t_manager_free(manager: *mut s3t_manager) -> i32 {
    guard("s3t_manager_free", || {
        if manager.is_null() {
            return Ok(());
        }
        let m = MANAGERS.remove(manager)?;
        m.shutdown(false);
        // Another thread may still be inside a call with this handle (it holds a clone); then the
        // last clone's drop lets the threads wind down in the background instead.
        if let Ok(m) = Arc::try_unwrap(m) {
            if !m.tm.close(CLOSE_TIMEOUT) {
                tracing::warn!(target: "s3transfer::capi", "s3t_manager_free: threads still running after {CLOSE_TIMEOUT:?}");
            }
        }
        Ok(())
    })
}

/// The extra args of a call.
fn extra_args(extra: *const s3t_extra_arg, n_extra: usize) -> CResult<ExtraArgs> {
    let mut args = ExtraArgs::new();
    if n_extra == 0 {
        return Ok(args);
    }
    if extra.is_null() {
        return Err(Fail::null("extra_args (with n_extra > 0)"));
    }
    if n_extra > S3T_MAX_EXTRA_ARGS {
        return Err(Fail::invalid(format!(
            "n_extra is {n_extra}, more than S3T_MAX_EXTRA_ARGS ({S3T_MAX_EXTRA_ARGS}): a wrong size?"
        )));
    }
    // SAFETY: the C contract: `extra` points to `n_extra` consecutive `s3t_extra_arg` that stay
    // valid during the call (checked not NULL; the count is bounded above).
    let pairs = unsafe { std::slice::from_raw_parts(extra, n_extra) };
    for (i, pair) in pairs.iter().enumerate() {
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let key = unsafe { c_str(pair.key, &format!("extra_args[{i}].key")) }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let value = unsafe { c_str(pair.value, &format!("extra_args[{i}].value")) }?;
        match key.strip_prefix("Metadata.") {
            Some(name) if !name.is_empty() => args = args.metadata(name, value),
            _ if key.is_empty() || key == "Metadata" || key.starts_with("Metadata.") => {
                return Err(Fail::invalid(format!(
                    "extra_args[{i}]: invalid key {key:?} (user metadata is \"Metadata.<name>\")"
                )))
            }
            _ => args.insert(key, value),
        }
    }
    Ok(args)
}

fn subscriber(sub: *const s3t_subscriber) -> Option<s3t_subscriber> {
    if sub.is_null() {
        None
    } else {
        // SAFETY: the C contract: a non-NULL `subscriber` points to a valid `s3t_subscriber` during
        // the call; it is copied here.
        Some(unsafe { sub.read() })
    }
}

/// The common part of the start functions: checks the out-pointer and the manager, starts the
/// transfer with a C subscriber, registers the future.
fn start(
    manager: *mut s3t_manager,
    sub: *const s3t_subscriber,
    out_future: *mut *mut s3t_future,
    extra: ExtraArgs,
    run: impl FnOnce(&TransferManager, ExtraArgsAndSub) -> crate::Result<TransferFuture>,
) -> CResult<()> {
    start_gated(manager, sub, out_future, extra, None, run)
}

/// [`start`] for a transfer with C data callbacks guarded by `gate`.
fn start_gated(
    manager: *mut s3t_manager,
    sub: *const s3t_subscriber,
    out_future: *mut *mut s3t_future,
    extra: ExtraArgs,
    gate: Option<Arc<CallGate>>,
    run: impl FnOnce(&TransferManager, ExtraArgsAndSub) -> crate::Result<TransferFuture>,
) -> CResult<()> {
    if out_future.is_null() {
        return Err(Fail::null("out_future"));
    }
    let m = MANAGERS.get(manager)?;
    let c_sub = Arc::new(CSubscriber::new(subscriber(sub), gate));
    let done = c_sub.done.clone();
    let future = run(&m.tm, ExtraArgsAndSub { extra, subscriber: c_sub })?;
    m.track(done.clone());
    // SAFETY: the out-pointer was checked not to be NULL; the header's contract for it.
    unsafe { write_out(out_future, register(future, done)) };
    Ok(())
}

/// What every start function passes on.
struct ExtraArgsAndSub {
    extra: ExtraArgs,
    subscriber: Arc<CSubscriber>,
}

impl ExtraArgsAndSub {
    fn sub(&self) -> Arc<dyn Subscriber> {
        self.subscriber.clone()
    }
}

/// Uploads the file `filename` to `bucket`/`key` (boto3's `upload_file`). `extra_args` is an array
/// of `n_extra` pairs (NULL when `n_extra` is 0), `subscriber` may be NULL. On `S3T_OK` the transfer
/// runs and `*out_future` is its handle; argument errors (NULL, invalid UTF-8, a disallowed extra
/// arg, a shut-down manager) are returned at once; everything else (a missing file, S3 errors) is
/// reported by the future.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn s3t_upload(
    manager: *mut s3t_manager,
    filename: *const c_char,
    bucket: *const c_char,
    key: *const c_char,
    extra_args: *const s3t_extra_arg,
    n_extra: usize,
    subscriber: *const s3t_subscriber,
    out_future: *mut *mut s3t_future,
) -> i32 {
    guard("s3t_upload", || {
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let filename = unsafe { c_str(filename, "filename") }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let bucket = unsafe { c_str(bucket, "bucket") }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let key = unsafe { c_str(key, "key") }?;
        let extra = self::extra_args(extra_args, n_extra)?;
        start(manager, subscriber, out_future, extra, |tm, a| {
            tm.upload(filename, bucket, key).extra_args(a.extra.clone()).subscriber(a.sub()).start()
        })
    })
}

/// Downloads `bucket`/`key` into the file `filename` (boto3's `download_file`): written to a
/// temporary file beside it and renamed into place only on success. Arguments as `s3t_upload()`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn s3t_download(
    manager: *mut s3t_manager,
    bucket: *const c_char,
    key: *const c_char,
    filename: *const c_char,
    extra_args: *const s3t_extra_arg,
    n_extra: usize,
    subscriber: *const s3t_subscriber,
    out_future: *mut *mut s3t_future,
) -> i32 {
    guard("s3t_download", || {
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let bucket = unsafe { c_str(bucket, "bucket") }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let key = unsafe { c_str(key, "key") }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let filename = unsafe { c_str(filename, "filename") }?;
        let extra = self::extra_args(extra_args, n_extra)?;
        start(manager, subscriber, out_future, extra, |tm, a| {
            tm.download(bucket, key, filename).extra_args(a.extra.clone()).subscriber(a.sub()).start()
        })
    })
}

/// Uploads the `len` bytes at `data` to `bucket`/`key` (boto3's `upload_fileobj` from memory). The
/// bytes are copied before this returns, so the buffer may be freed or reused at once; `data` may be
/// NULL when `len` is 0. Runs on the CRT engine under `S3T_ENGINE_AUTO` (the length is known), as an
/// upload of a file does. Other arguments as `s3t_upload()`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn s3t_upload_buffer(
    manager: *mut s3t_manager,
    data: *const c_void,
    len: usize,
    bucket: *const c_char,
    key: *const c_char,
    extra_args: *const s3t_extra_arg,
    n_extra: usize,
    subscriber: *const s3t_subscriber,
    out_future: *mut *mut s3t_future,
) -> i32 {
    guard("s3t_upload_buffer", || {
        let bytes = if len == 0 {
            bytes::Bytes::new()
        } else if data.is_null() {
            return Err(Fail::null("data (with len > 0)"));
        } else {
            // SAFETY: the C contract: a non-NULL `data` points to `len` readable bytes during the
            // call; they are copied here, so nothing refers to them afterwards.
            bytes::Bytes::copy_from_slice(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
        };
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let bucket = unsafe { c_str(bucket, "bucket") }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let key = unsafe { c_str(key, "key") }?;
        let extra = self::extra_args(extra_args, n_extra)?;
        start(manager, subscriber, out_future, extra, |tm, a| {
            tm.upload(UploadSource::bytes(bytes), bucket, key).extra_args(a.extra.clone()).subscriber(a.sub()).start()
        })
    })
}

/// Fills `buf` with up to `len` bytes of an upload started with `s3t_upload_stream()`. Return the
/// number of bytes written to `buf` (at most `len`; fewer is fine), 0 at the end of the data, or a
/// negative value to stop the transfer with `S3T_ERR_IO` (the message names the value).
#[allow(non_camel_case_types)]
pub type s3t_read_fn = Option<unsafe extern "C" fn(user_data: *mut c_void, buf: *mut c_void, len: usize) -> i64>;

/// Uploads the bytes `read(read_user_data, buf, len)` produces until it returns 0, to
/// `bucket`/`key` (boto3's `upload_fileobj` with a non-seekable stream): the length need not be
/// known; data of at least `multipart_threshold` bytes goes up in parts as it is read. `read` is
/// called from a library thread of its own (so it may block), one call at a time; every call has
/// returned before the transfer is done, and none follows (a cancel waits for a call in progress).
/// `read_user_data` must stay valid until then. Like the subscriber callbacks, `read` must not
/// call `s3t_future_wait()`, `s3t_manager_shutdown()` or `s3t_manager_free()`. At most
/// `max_in_memory_upload_chunks` parts are held in memory. Runs on the classic engine: `S3T_ENGINE_CRT` refuses it with
/// `S3T_ERR_INVALID_ARGUMENT`. Other arguments as `s3t_upload()`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn s3t_upload_stream(
    manager: *mut s3t_manager,
    read: s3t_read_fn,
    read_user_data: *mut c_void,
    bucket: *const c_char,
    key: *const c_char,
    extra_args: *const s3t_extra_arg,
    n_extra: usize,
    subscriber: *const s3t_subscriber,
    out_future: *mut *mut s3t_future,
) -> i32 {
    guard("s3t_upload_stream", || {
        let read = read.ok_or_else(|| Fail::null("read"))?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let bucket = unsafe { c_str(bucket, "bucket") }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let key = unsafe { c_str(key, "key") }?;
        let extra = self::extra_args(extra_args, n_extra)?;
        let gate = CallGate::new();
        let reader = CCallback::<ReadFn>::new(read, read_user_data, &gate);
        start_gated(manager, subscriber, out_future, extra, Some(gate), |tm, a| {
            tm.upload(UploadSource::blocking_reader(reader), bucket, key)
                .extra_args(a.extra.clone())
                .subscriber(a.sub())
                .start()
        })
    })
}

/// A C data callback (`s3t_read_fn` / `s3t_write_fn`) with its user data, behind the transfer's
/// [`CallGate`]: as a blocking reader or writer for the classic engine.
struct CCallback<F> {
    f: F,
    user_data: *mut c_void,
    gate: Arc<CallGate>,
}

// SAFETY: the C contract of `s3t_upload_stream` / `s3t_download_stream` (in the header): the
// callback may be called from a library thread with its user data; the library calls it from one
// thread at a time.
unsafe impl<F: Send> Send for CCallback<F> {}

impl<F: Copy> CCallback<F> {
    fn new(f: F, user_data: *mut c_void, gate: &Arc<CallGate>) -> Self {
        Self { f, user_data, gate: gate.clone() }
    }

    /// Runs `call` with the callback and its user data, unless the transfer is done.
    fn call<T>(&self, call: impl FnOnce(F, *mut c_void) -> T) -> std::io::Result<T> {
        self.gate.call(|| call(self.f, self.user_data)).ok_or_else(done_error)
    }
}

// The signatures of `s3t_read_fn` / `s3t_write_fn` without the `Option`. They are spelled out
// there too: cbindgen emits an opaque struct for `Option<alias>`.
type ReadFn = unsafe extern "C" fn(user_data: *mut c_void, buf: *mut c_void, len: usize) -> i64;
type WriteFn = unsafe extern "C" fn(user_data: *mut c_void, data: *const c_void, len: usize) -> c_int;

impl std::io::Read for CCallback<ReadFn> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let len = buf.len();
        // SAFETY: a C function pointer given to `s3t_upload_stream`, called with its user data and a
        // writable buffer of `len` bytes valid for the call, as the header documents.
        let n = self.call(|read, user_data| unsafe { read(user_data, buf.as_mut_ptr().cast(), len) })?;
        match usize::try_from(n) {
            Ok(n) if n <= len => Ok(n),
            Ok(n) => Err(std::io::Error::other(format!("the read callback returned {n}, more than the {len} bytes asked for"))),
            Err(_) => Err(std::io::Error::other(format!("the read callback returned {n}"))),
        }
    }
}

impl std::io::Write for CCallback<WriteFn> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        // SAFETY: a C function pointer given to `s3t_download_stream`, called with its user data and
        // a buffer valid for the call, as the header documents.
        let rc = self.call(|write, user_data| unsafe { write(user_data, buf.as_ptr().cast(), buf.len()) })?;
        if rc == 0 {
            Ok(buf.len())
        } else {
            Err(std::io::Error::other(format!("the write callback returned {rc}")))
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a data callback's adapter answers once the transfer is done (the engine is winding down;
/// nobody sees this error).
fn done_error() -> std::io::Error {
    std::io::Error::other("the transfer is done")
}

/// Receives the next `len` bytes of a download started with `s3t_download_stream()`: the bytes of
/// the object in order, each byte once. `data` is valid only during the call. Return 0 to go on;
/// any other value stops the transfer with `S3T_ERR_IO` (the message names the value).
#[allow(non_camel_case_types)]
pub type s3t_write_fn = Option<unsafe extern "C" fn(user_data: *mut c_void, data: *const c_void, len: usize) -> c_int>;

/// Downloads `bucket`/`key` into a callback (boto3's `download_fileobj` with a non-seekable
/// writer): `write(write_user_data, data, len)` receives the object's bytes in order, on one library
/// thread at a time (a thread of its own, so it may block; while it blocks the download holds at
/// most `max_in_memory_download_chunks` parts). Every call to `write` has returned before the
/// transfer is done, and none follows. `write_user_data` must stay valid until then (as a
/// subscriber's `user_data`); like the subscriber callbacks, `write` must not call
/// `s3t_future_wait()`, `s3t_manager_shutdown()` or `s3t_manager_free()`. A retried range is fetched again but never passed twice. Runs on the
/// classic engine: `S3T_ENGINE_CRT` refuses it with `S3T_ERR_INVALID_ARGUMENT`. Other arguments
/// as `s3t_download()`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn s3t_download_stream(
    manager: *mut s3t_manager,
    bucket: *const c_char,
    key: *const c_char,
    write: s3t_write_fn,
    write_user_data: *mut c_void,
    extra_args: *const s3t_extra_arg,
    n_extra: usize,
    subscriber: *const s3t_subscriber,
    out_future: *mut *mut s3t_future,
) -> i32 {
    guard("s3t_download_stream", || {
        let write = write.ok_or_else(|| Fail::null("write"))?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let bucket = unsafe { c_str(bucket, "bucket") }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let key = unsafe { c_str(key, "key") }?;
        let extra = self::extra_args(extra_args, n_extra)?;
        let gate = CallGate::new();
        let writer = CCallback::<WriteFn>::new(write, write_user_data, &gate);
        start_gated(manager, subscriber, out_future, extra, Some(gate), |tm, a| {
            tm.download(bucket, key, DownloadTarget::blocking_writer(writer))
                .extra_args(a.extra.clone())
                .subscriber(a.sub())
                .start()
        })
    })
}

/// Copies `source_bucket`/`source_key` (version `source_version_id`, or the latest when NULL) to
/// `bucket`/`key` server-side (boto3's `copy`). Arguments as `s3t_upload()`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn s3t_copy(
    manager: *mut s3t_manager,
    source_bucket: *const c_char,
    source_key: *const c_char,
    source_version_id: *const c_char,
    bucket: *const c_char,
    key: *const c_char,
    extra_args: *const s3t_extra_arg,
    n_extra: usize,
    subscriber: *const s3t_subscriber,
    out_future: *mut *mut s3t_future,
) -> i32 {
    guard("s3t_copy", || {
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let mut source = CopySource::new(unsafe { c_str(source_bucket, "source_bucket") }?, unsafe { c_str(source_key, "source_key") }?);
        // SAFETY: C string arguments, valid for this call (the header's contract).
        if let Some(v) = unsafe { c_str_opt(source_version_id, "source_version_id") }? {
            source = source.with_version(v);
        }
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let bucket = unsafe { c_str(bucket, "bucket") }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let key = unsafe { c_str(key, "key") }?;
        let extra = self::extra_args(extra_args, n_extra)?;
        start(manager, subscriber, out_future, extra, |tm, a| {
            tm.copy(source, bucket, key).extra_args(a.extra.clone()).subscriber(a.sub()).start()
        })
    })
}

/// Deletes `bucket`/`key` (boto3's `delete`). Arguments as `s3t_upload()`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn s3t_delete(
    manager: *mut s3t_manager,
    bucket: *const c_char,
    key: *const c_char,
    extra_args: *const s3t_extra_arg,
    n_extra: usize,
    subscriber: *const s3t_subscriber,
    out_future: *mut *mut s3t_future,
) -> i32 {
    guard("s3t_delete", || {
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let bucket = unsafe { c_str(bucket, "bucket") }?;
        // SAFETY: C string arguments, valid for this call (the header's contract).
        let key = unsafe { c_str(key, "key") }?;
        let extra = self::extra_args(extra_args, n_extra)?;
        start(manager, subscriber, out_future, extra, |tm, a| {
            tm.delete(bucket, key).extra_args(a.extra.clone()).subscriber(a.sub()).start()
        })
    })
}
