//! The CRT engine behind the TransferManager, beyond the shared behaviour suite: where its
//! configuration comes from (endpoint, region and credentials of the aws-sdk-s3 client), the engine
//! choice, checksum settings on the wire, and that nothing of the CRT outlives the manager.


use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::provider::{future, ProvideCredentials};
use s3transfer::{ChecksumCalculation, Engine, ExtraArgs, TransferConfig, TransferError, TransferManager, UploadSource};
use crate::support::*;

const MIB: usize = 1024 * 1024;
fn crt_config() -> TransferConfig {
    TransferConfig { engine: Engine::Crt, ..Default::default() }
}

/// A credentials provider that needs the tokio runtime (it sleeps on tokio's timer) and counts
/// its calls; credentials expire `ttl` after each call.
#[derive(Debug)]
struct RuntimeBoundProvider {
    calls: Arc<AtomicUsize>,
    ttl: Option<Duration>,
}

impl ProvideCredentials for RuntimeBoundProvider {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            // Panics outside a tokio runtime: proves the CRT thread never runs the resolver itself.
            tokio::time::sleep(Duration::from_millis(20)).await;
            self.calls.fetch_add(1, Ordering::SeqCst);
            Ok(aws_credential_types::Credentials::new(
                ACCESS_KEY,
                SECRET_KEY,
                None,
                self.ttl.map(|t| SystemTime::now() + t),
                "runtime-bound",
            ))
        })
    }
}

fn client_with(endpoint: &str, provider: impl ProvideCredentials + 'static) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new(REGION))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials_provider(provider)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// The CRT signs with the SDK client's own credentials provider, resolved on the manager's runtime
/// (a provider that needs tokio works, no deadlock), and cached: many parts, few resolutions.
#[test]
fn crt_uses_the_sdk_clients_credentials_provider() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let calls = Arc::new(AtomicUsize::new(0));
    let client = client_with(&server.endpoint(), RuntimeBoundProvider { calls: calls.clone(), ttl: None });
    let cfg = TransferConfig { multipart_threshold: 5 * MIB as u64, multipart_chunksize: 5 * MIB as u64, ..crt_config() };
    let tm = TransferManager::new(client, cfg).unwrap();
    let data = test_bytes(16 * MIB, 1);
    let fut = tm.upload(UploadSource::bytes(data.clone()), "bkt", "obj").start().unwrap();
    fut.result_timeout(WAIT).unwrap();
    assert_eq!(fut.meta().engine(), Engine::Crt);
    assert_eq!(server.object_bytes("bkt", "obj").unwrap(), data);
    let n = calls.load(Ordering::SeqCst);
    assert!(n >= 1, "the SDK client's provider was used");
    assert!(n <= 2, "credentials are cached, not resolved per request ({n} resolutions for 5 requests)");
    drop(tm);
    assert_crt_released();
}

/// Credentials close to expiry are refreshed through the provider (in the background, while the
/// cached ones are still valid), and transfers keep working.
#[test]
fn crt_refreshes_expiring_credentials() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let calls = Arc::new(AtomicUsize::new(0));
    // Valid for 10 minutes: inside the 5-minute refresh window only after 5 — so use 4 minutes,
    // which is always inside it: every signing hands out the cached value and triggers a refresh.
    let client = client_with(&server.endpoint(), RuntimeBoundProvider { calls: calls.clone(), ttl: Some(Duration::from_secs(240)) });
    let tm = TransferManager::new(client, crt_config()).unwrap();
    for i in 0..3 {
        let data = test_bytes(1000 + i, i as u64);
        tm.upload(UploadSource::bytes(data.clone()), "bkt", &format!("k{i}")).start().unwrap().result_timeout(WAIT).unwrap();
        assert_eq!(server.object_bytes("bkt", &format!("k{i}")).unwrap(), data);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while calls.load(Ordering::SeqCst) < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(calls.load(Ordering::SeqCst) >= 2, "expiring credentials were refreshed");
    drop(tm);
    assert_crt_released();
}

/// Wrong credentials on the SDK client reach the CRT too: the server refuses them.
#[test]
fn crt_wrong_secret_is_refused_with_service_error() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let tm = TransferManager::new(server.sdk_client_with_secret("wrong"), crt_config()).unwrap();
    let err = tm.upload(UploadSource::bytes(vec![1u8; 100]), "bkt", "k").start().unwrap().result_timeout(WAIT).unwrap_err();
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    assert_eq!(err.s3_code(), Some("SignatureDoesNotMatch"), "{err:?}");
    assert!(matches!(err, TransferError::S3UploadFailed { .. }), "{err:?}");
    drop(tm);
    assert_crt_released();
}

/// The endpoint of the SDK client is what the CRT talks to: an https endpoint on a plain-http
/// server fails with a CRT (TLS) error, promptly, instead of reaching some other host.
#[test]
fn crt_follows_the_sdk_clients_endpoint_scheme() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let https = format!("https://{}", server.addr());
    let client = client_with(&https, aws_credential_types::Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "t"));
    let cfg = TransferConfig { num_download_attempts: 1, ..crt_config() };
    let tm = TransferManager::new(client, cfg).unwrap();
    let err = tm.upload(UploadSource::bytes(vec![1u8; 100]), "bkt", "k").start().unwrap().result_timeout(WAIT).unwrap_err();
    let cause = err.cause().cloned().unwrap_or(err.clone());
    assert!(matches!(cause, TransferError::Crt { .. }), "{err:?}");
    assert!(server.object_bytes("bkt", "k").is_none(), "object must not exist");
    drop(tm);
    assert_crt_released();
}

/// `Auto` runs file/bytes uploads, file downloads and copies on the CRT and streams on classic;
/// `Classic` never uses the CRT.
#[test]
fn auto_and_classic_engine_choice_is_visible_on_the_future() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let dir = tempfile::tempdir().unwrap();
    let auto = TransferManager::new(server.sdk_client(), TransferConfig::default()).unwrap();
    let up = auto.upload(UploadSource::bytes(vec![7u8; 1000]), "bkt", "a").start().unwrap();
    up.result_timeout(WAIT).unwrap();
    assert_eq!(up.meta().engine(), Engine::Crt);
    let stream = auto.upload(UploadSource::reader(std::io::Cursor::new(vec![8u8; 1000])), "bkt", "b").start().unwrap();
    stream.result_timeout(WAIT).unwrap();
    assert_eq!(stream.meta().engine(), Engine::Classic);
    let down = auto.download("bkt", "a", dir.path().join("a")).start().unwrap();
    down.result_timeout(WAIT).unwrap();
    assert_eq!(down.meta().engine(), Engine::Crt);
    assert_eq!(std::fs::read(dir.path().join("a")).unwrap(), vec![7u8; 1000]);
    let copy = auto.copy(s3transfer::CopySource::new("bkt", "a"), "bkt", "c").start().unwrap();
    copy.result_timeout(WAIT).unwrap();
    assert_eq!(copy.meta().engine(), Engine::Crt);
    assert_eq!(server.object_bytes("bkt", "c").unwrap(), vec![7u8; 1000]);
    let del = auto.delete("bkt", "c").start().unwrap();
    del.result_timeout(WAIT).unwrap();
    assert_eq!(del.meta().engine(), Engine::Classic);
    assert!(server.object_bytes("bkt", "c").is_none(), "object must not exist");
    drop(auto);
    assert_crt_released();

    let classic = TransferManager::new(server.sdk_client(), TransferConfig { engine: Engine::Classic, ..Default::default() }).unwrap();
    let up = classic.upload(UploadSource::bytes(vec![9u8; 10]), "bkt", "d").start().unwrap();
    up.result_timeout(WAIT).unwrap();
    assert_eq!(up.meta().engine(), Engine::Classic);
}

/// Options the CRT cannot honour are refused for `Engine::Crt`, not ignored.
#[test]
fn crt_refuses_options_it_cannot_honour() {
    let _g = serial();
    let server = TestServer::start();
    // max_bandwidth is honoured by the CRT engine (tests/bandwidth.rs), so it is accepted.
    TransferManager::new(server.sdk_client(), TransferConfig { max_bandwidth: Some(1 << 20), ..crt_config() }).unwrap();
    let e = TransferManager::new(server.sdk_client(), TransferConfig { crt_memory_limit: 64 * MIB as u64, ..crt_config() }).unwrap_err();
    assert!(e.to_string().contains("crt_memory_limit"), "{e}");
    // A classic manager does not care about the CRT-only fields.
    TransferManager::new(
        server.sdk_client(),
        TransferConfig { crt_memory_limit: 64 * MIB as u64, engine: Engine::Classic, ..Default::default() },
    )
    .unwrap();
}

fn trailer_of(r: &RecordedRequest) -> Option<String> {
    r.header("x-amz-trailer").map(str::to_owned)
}

/// Checksum settings on the wire: `WhenSupported` sends the configured algorithm as a trailer on the
/// PUT and every part; a `ChecksumAlgorithm` extra arg picks another; `WhenRequired` sends none.
#[test]
fn crt_upload_checksum_settings_reach_the_server() {
    let _g = serial();
    let server = RecordingServer::start();
    server.create_bucket("bkt");
    let cfg = |calc| TransferConfig {
        checksum_calculation: calc,
        multipart_threshold: 5 * MIB as u64,
        multipart_chunksize: 5 * MIB as u64,
        ..crt_config()
    };
    let data = test_bytes(11 * MIB, 3);
    let tm = TransferManager::new(server.sdk_client(), cfg(ChecksumCalculation::WhenSupported)).unwrap();
    tm.upload(UploadSource::bytes(data.clone()), "bkt", "a").start().unwrap().result_timeout(WAIT).unwrap();
    let parts = server.requests_of("UploadPart");
    assert_eq!(parts.len(), 3);
    for p in &parts {
        assert_eq!(trailer_of(p).as_deref(), Some("x-amz-checksum-crc32"), "{p:?}");
    }
    server.clear_requests();
    tm.upload(UploadSource::bytes(data[..1000].to_vec()), "bkt", "b")
        .extra_args(ExtraArgs::new().set("ChecksumAlgorithm", "SHA256"))
        .start()
        .unwrap()
        .result_timeout(WAIT)
        .unwrap();
    let puts = server.requests_of("PutObject");
    assert_eq!(trailer_of(&puts[0]).as_deref(), Some("x-amz-checksum-sha256"), "{:?}", puts[0]);
    let bad = tm
        .upload(UploadSource::bytes(vec![1u8; 10]), "bkt", "c")
        .extra_args(ExtraArgs::new().set("ChecksumAlgorithm", "MD5"))
        .start()
        .unwrap()
        .result_timeout(WAIT)
        .unwrap_err();
    assert!(bad.to_string().contains("ChecksumAlgorithm"), "{bad}");
    drop(tm);

    server.clear_requests();
    let tm = TransferManager::new(server.sdk_client(), cfg(ChecksumCalculation::WhenRequired)).unwrap();
    tm.upload(UploadSource::bytes(data.clone()), "bkt", "d").start().unwrap().result_timeout(WAIT).unwrap();
    for r in server.requests_of("UploadPart").iter().chain(server.requests_of("PutObject").iter()) {
        assert_eq!(trailer_of(r), None, "{r:?}");
        assert!(!r.headers.iter().any(|(k, _)| k.starts_with("x-amz-checksum-")), "{r:?}");
    }
    assert_eq!(server.object_bytes("bkt", "d").unwrap(), data);
    drop(tm);
    assert_crt_released();
}

/// A full-object checksum value travels as a header on a single PUT (a wrong one is refused by the
/// server); on a multipart CRT upload it is refused with `InvalidArgument` (the CRT engine cannot
/// send it on CompleteMultipartUpload), and nothing is uploaded.
#[test]
fn crt_full_object_checksum_single_put_and_refused_multipart() {
    let _g = serial();
    let server = RecordingServer::start();
    server.create_bucket("bkt");
    let cfg = TransferConfig { multipart_threshold: 5 * MIB as u64, multipart_chunksize: 5 * MIB as u64, ..crt_config() };
    let tm = TransferManager::new(server.sdk_client(), cfg).unwrap();
    let bad = tm
        .upload(UploadSource::bytes(vec![5u8; 1000]), "bkt", "s")
        .extra_args(ExtraArgs::new().set("ChecksumCRC32", "AAAAAA=="))
        .start()
        .unwrap()
        .result_timeout(WAIT)
        .unwrap_err();
    assert_eq!(bad.s3_code(), Some("BadDigest"), "{bad:?}");
    let put = &server.requests_of("PutObject")[0];
    assert_eq!(put.header("x-amz-checksum-crc32"), Some("AAAAAA=="), "{put:?}");
    assert_eq!(put.header("x-amz-trailer"), None, "no second checksum: {put:?}");

    let err = tm
        .upload(UploadSource::bytes(test_bytes(6 * MIB, 4)), "bkt", "m")
        .extra_args(ExtraArgs::new().set("ChecksumCRC32", "AAAAAA=="))
        .start()
        .unwrap()
        .result_timeout(WAIT)
        .unwrap_err();
    assert!(matches!(err, TransferError::InvalidArgument { .. }), "{err:?}");
    assert!(server.requests_of("CreateMultipartUpload").is_empty());
    assert!(server.object_bytes("bkt", "m").is_none(), "object must not exist");
    drop(tm);
    assert_crt_released();
}

/// A trace line names the engine chosen for each transfer.
#[test]
fn engine_choice_is_traced() {
    let _g = serial();
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let b = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("s3transfer::engine=debug"))
        .with_writer(move || b.clone())
        .with_ansi(false)
        .finish();
    let server = TestServer::start();
    server.create_bucket("bkt");
    tracing::subscriber::with_default(subscriber, || {
        let tm = TransferManager::new(server.sdk_client(), TransferConfig::default()).unwrap();
        let f = tm.upload(UploadSource::bytes(vec![1u8; 10]), "bkt", "k").start().unwrap();
        let id = f.meta().transfer_id();
        f.result_timeout(WAIT).unwrap();
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.lines().any(|l| l.contains("engine chosen") && l.contains(&format!("transfer_id={id}")) && l.contains("engine=Crt")),
            "{text}"
        );
    });
    assert_crt_released();
}

/// Dropping the manager while CRT transfers run lets them finish (the file is complete), and then
/// releases every CRT meta-request.
#[test]
fn dropping_the_manager_mid_transfer_finishes_and_releases_the_crt() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let data = test_bytes(24 * MIB, 9);
    server.put_object_bytes("bkt", "obj", &data);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(64 * 1024, Duration::from_millis(2)));
    let tm = TransferManager::new(proxy.sdk_client(), crt_config()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    let fut = tm.download("bkt", "obj", dest.clone()).start().unwrap();
    assert!(!fut.done());
    drop(tm);
    fut.result_timeout(WAIT).unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), data);
    drop(fut);
    assert_crt_released();
}

/// A credentials provider that always fails, as one without any configured source does.
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(aws_credential_types::provider::error::CredentialsError::not_loaded("no credentials here")))
    }
}

/// `prepare()` makes the CRT client before any transfer (the SDK client's provider has been asked
/// for credentials once it returns) and reports what stops it being made, e.g. credentials that
/// cannot be resolved; a classic manager is ready at once.
#[test]
fn prepare_makes_the_crt_client_or_reports_why_not() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();

    let calls = Arc::new(AtomicUsize::new(0));
    let client = client_with(&server.endpoint(), RuntimeBoundProvider { calls: calls.clone(), ttl: None });
    let tm = TransferManager::new(client, crt_config()).unwrap();
    rt.block_on(tm.prepare()).expect("the CRT client is made");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "credentials resolved while preparing, before any transfer");
    let fut = tm.upload(UploadSource::bytes(b"ready".to_vec()), "bkt", "obj").start().unwrap();
    fut.result_timeout(WAIT).unwrap();
    assert_eq!(server.object_bytes("bkt", "obj").as_deref(), Some(&b"ready"[..]));
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the transfer used the prepared client");
    drop(tm);

    let tm = TransferManager::new(client_with(&server.endpoint(), NoCredentials), TransferConfig::default()).unwrap();
    let err = rt.block_on(tm.prepare()).expect_err("no credentials: no CRT client");
    assert!(err.to_string().contains("no credentials here"), "the provider's reason is reported: {err}");
    // The same error fails a CRT transfer, which tries again; nothing is stored.
    let fut = tm.upload(UploadSource::bytes(b"x".to_vec()), "bkt", "never").start().unwrap();
    assert!(fut.result_timeout(WAIT).unwrap_err().to_string().contains("no credentials here"));
    assert!(server.object_bytes("bkt", "never").is_none());
    drop(tm);
    assert_crt_released();

    // A classic manager never needs the CRT: ready at once, even without credentials (which it
    // resolves per request). Which threads each kind of manager starts is checked in tests/close.rs.
    let tm = TransferManager::new(client_with(&server.endpoint(), NoCredentials), TransferConfig { engine: Engine::Classic, ..Default::default() }).unwrap();
    rt.block_on(tm.prepare()).expect("a classic manager is ready at once");
}
