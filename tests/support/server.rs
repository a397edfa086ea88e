//! A real S3 server for tests, examples and benchmarks: `s3s-fs` (an S3 implementation we did not write)
//! serving a temporary directory on 127.0.0.1 with SigV4 authentication.
//!
//! The server runs on its own multi-threaded tokio runtime in a background thread, so it keeps serving
//! while the code under test blocks (CRT calls and blocking `result()` can both block their caller).
//! Dropping the [`TestServer`] stops it and removes its directory.
//!
//! Used from `tests/` as `mod support;` and from examples with `#[path = "../tests/support/server.rs"]`.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;

/// Access key the test server accepts.
pub const ACCESS_KEY: &str = "AKIAS3TRANSFERTEST";
/// Secret key the test server accepts.
pub const SECRET_KEY: &str = "s3transfer/test/secret/key/0123456789abcdef";
/// Region clients sign for (s3s-fs does not check it).
pub const REGION: &str = "us-east-1";

/// An in-process s3s-fs server on 127.0.0.1 with a port chosen by the OS.
pub struct TestServer {
    addr: SocketAddr,
    root: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Options for [`TestServer::start_with`].
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Worker threads of the server's runtime.
    pub worker_threads: usize,
    /// Directory under which the temporary storage directory is created (default: the system temp dir).
    pub parent_dir: Option<PathBuf>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self { worker_threads: 2, parent_dir: None }
    }
}

impl TestServer {
    /// Starts a server with default options and waits until it accepts connections.
    pub fn start() -> Self {
        Self::start_with(ServerOptions::default())
    }

    /// Starts a server with the given options.
    pub fn start_with(opts: ServerOptions) -> Self {
        Self::launch(opts, |_, _| {})
    }

    /// Starts a server whose requests also pass through an `s3s` access hook built from the storage
    /// directory (the recording server logs and answers requests there before s3s-fs runs them).
    pub fn start_with_access<A: s3s::access::S3Access>(opts: ServerOptions, make: impl FnOnce(&Path) -> A) -> Self {
        Self::launch(opts, |b, root| b.set_access(make(root)))
    }

    /// Starts a server whose s3s-fs is wrapped by `wrap` (an `s3s::S3` that forwards to it and changes
    /// some answers, e.g. a listing with keys no file system can hold).
    pub fn start_wrapped<S: s3s::S3>(opts: ServerOptions, wrap: impl FnOnce(s3s_fs::FileSystem) -> S) -> Self {
        Self::launch_service(opts, wrap, |_, _| {})
    }

    /// Both of the above: s3s-fs wrapped by `wrap`, requests through the access hook from `make`.
    pub fn start_wrapped_with_access<S: s3s::S3, A: s3s::access::S3Access>(
        opts: ServerOptions,
        wrap: impl FnOnce(s3s_fs::FileSystem) -> S,
        make: impl FnOnce(&Path) -> A,
    ) -> Self {
        Self::launch_service(opts, wrap, |b, root| b.set_access(make(root)))
    }

    fn launch(opts: ServerOptions, configure: impl FnOnce(&mut S3ServiceBuilder, &Path)) -> Self {
        Self::launch_service(opts, |fs| fs, configure)
    }

    fn launch_service<S: s3s::S3>(
        opts: ServerOptions,
        wrap: impl FnOnce(s3s_fs::FileSystem) -> S,
        configure: impl FnOnce(&mut S3ServiceBuilder, &Path),
    ) -> Self {
        let root = match &opts.parent_dir {
            Some(dir) => tempfile::Builder::new().prefix("s3t-server-").tempdir_in(dir),
            None => tempfile::Builder::new().prefix("s3t-server-").tempdir(),
        }
        .expect("create server storage directory");
        let fs = s3s_fs::FileSystem::new(root.path()).expect("s3s-fs over the storage directory");
        let service = {
            let mut b = S3ServiceBuilder::new(wrap(fs));
            b.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
            configure(&mut b, root.path());
            b.build()
        };

        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("nonblocking listener");
        let addr = listener.local_addr().expect("local addr");
        let (stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();

        let thread = std::thread::Builder::new()
            .name("s3s-fs-server".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(opts.worker_threads.max(1))
                    .thread_name("s3s-fs-worker")
                    .enable_all()
                    .build()
                    .expect("server runtime");
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    let http = ConnBuilder::new(TokioExecutor::new());
                    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
                    loop {
                        let socket = tokio::select! {
                            res = listener.accept() => match res {
                                Ok((socket, _)) => socket,
                                Err(_) => continue,
                            },
                            _ = &mut stop_rx => break,
                        };
                        // Without TCP_NODELAY small responses on reused connections stall 20-40 ms.
                        let _ = socket.set_nodelay(true);
                        let conn = http.serve_connection(TokioIo::new(socket), service.clone());
                        let conn = graceful.watch(conn.into_owned());
                        tokio::spawn(async move {
                            let _ = conn.await;
                        });
                    }
                    // Clients may still hold idle keep-alive connections: do not wait for them long.
                    let _ = tokio::time::timeout(Duration::from_millis(200), graceful.shutdown()).await;
                });
                rt.shutdown_timeout(Duration::from_secs(1));
            })
            .expect("spawn server thread");

        let server = Self { addr, root, stop: Some(stop_tx), thread: Some(thread) };
        server.wait_ready();
        server
    }

    fn wait_ready(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(self.addr).is_err() {
            assert!(std::time::Instant::now() < deadline, "test server did not start listening");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The directory s3s-fs stores buckets in (one sub-directory per bucket).
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// Creates a bucket (s3s-fs keeps a bucket as a directory under its root).
    pub fn create_bucket(&self, bucket: &str) {
        std::fs::create_dir_all(self.root.path().join(bucket)).expect("create bucket directory");
    }

    /// The stored bytes of an object, read straight from the server's storage, or `None` if absent.
    pub fn object_bytes(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.root.path().join(bucket).join(key)).ok()
    }

    /// Puts an object straight into the server's storage (for download tests).
    pub fn put_object_bytes(&self, bucket: &str, key: &str, data: &[u8]) {
        let path = self.root.path().join(bucket).join(key);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create key directories");
        }
        std::fs::write(path, data).expect("write object");
    }

    /// Multipart uploads that were created and neither completed nor aborted, by upload id.
    ///
    /// s3s-fs does not implement ListMultipartUploads; it records each open upload as
    /// `.upload-<id>.json` in its root until CompleteMultipartUpload or AbortMultipartUpload removes it,
    /// so reading that directory is exactly the question ListMultipartUploads answers.
    pub fn open_multipart_uploads(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for entry in std::fs::read_dir(self.root.path()).expect("read server root").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(id) = name.strip_prefix(".upload-").and_then(|rest| rest.strip_suffix(".json")) {
                ids.push(id.to_owned());
            }
        }
        ids.sort();
        ids
    }

    /// Records `value` as the object's stored checksum (`field` is `checksum_crc32`, `checksum_sha256`,
    /// ...), as S3 stores the full-object checksum of a multipart upload. s3s-fs keeps checksums only
    /// for single-request uploads, in a JSON sidecar per object that HeadObject and whole-object GETs
    /// answer from; this writes that sidecar.
    pub fn set_stored_checksum(&self, bucket: &str, key: &str, field: &str, value: &str) {
        let encode = |s: &str| {
            aws_smithy_types::base64::encode(s.as_bytes()).replace('+', "-").replace('/', "_").trim_end_matches('=').to_owned()
        };
        let path = self.root.path().join(format!(".bucket-{}.object-{}.internal.json", encode(bucket), encode(key)));
        let old = std::fs::read_to_string(&path).unwrap_or_else(|_| "{}".to_owned());
        let rest = old.trim().strip_prefix('{').expect("s3s-fs internal info is a JSON object").trim_start();
        let sep = if rest.starts_with('}') { "" } else { "," };
        std::fs::write(&path, format!("{{\"{field}\":\"{value}\"{sep}{rest}")).expect("write internal info");
    }

    /// An `aws-sdk-s3` client for this server: static credentials, path-style addressing, plain http.
    pub fn sdk_client(&self) -> aws_sdk_s3::Client {
        self.sdk_client_with_secret(SECRET_KEY)
    }

    /// Like [`TestServer::sdk_client`], signing with a different secret key (for refused-credential tests).
    pub fn sdk_client_with_secret(&self, secret_key: &str) -> aws_sdk_s3::Client {
        sdk_client_for(&self.endpoint(), secret_key)
    }
}

/// An aws-sdk-s3 client for any endpoint (e.g. a fault proxy in front of a test server): static
/// credentials, path-style addressing.
/// Each has a retry quota of its own, so no test's throttled retries can use up another's (the SDK
/// otherwise shares one quota among all clients of the process in a region).
pub fn sdk_client_for(endpoint: &str, secret_key: &str) -> aws_sdk_s3::Client {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let partition = format!("s3transfer-test-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let conf = sdk_config_in_shared_quota(endpoint, secret_key)
        .retry_partition(aws_sdk_s3::config::retry::RetryPartition::custom(partition).build())
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// The configuration of [`sdk_client_for`] with the SDK's default retry partition, whose quota every
/// such client of the process shares (as an application's clients do).
pub fn sdk_config_in_shared_quota(endpoint: &str, secret_key: &str) -> aws_sdk_s3::config::Builder {
    let creds = aws_sdk_s3::config::Credentials::new(ACCESS_KEY, secret_key, None, None, "s3transfer-tests");
    aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new(REGION))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials_provider(creds)
}

impl TestServer {
    /// Stops serving now, with requests in flight (they get at most 200 ms to finish, then their
    /// connections are dropped); the port stops accepting. The storage stays until the server is
    /// dropped, so a test can still inspect objects and open multipart uploads. Idempotent.
    pub fn kill(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Deterministic pseudo-random bytes (xorshift), so a failed comparison is reproducible.
pub fn test_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A shared handle, for tests that start one server per test binary.
pub type SharedServer = Arc<TestServer>;
