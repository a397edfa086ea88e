//! The CRT wrappers (`s3transfer::crt`) against the real in-process S3 server (s3s-fs, SigV4 checked):
//! uploads and downloads of edge sizes, ranged GET, copy, delete, service errors, connection
//! failure, cancellation, dropping a client mid-flight, and callback panics.


use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use s3transfer::crt::auth::{Credentials, CredentialsProvider};
use s3transfer::crt::live_callback_states;
use s3transfer::crt::s3::{MetaRequest, MetaRequestOptions, MetaRequestOutput, Progress, RequestBody, S3Client, S3ClientConfig, S3RequestError};
use crate::support::*;

const MIB: usize = 1024 * 1024;
/// The harness's one lock (the live callback-state count is process-global), with the CRT's log
/// lines shown as `RUST_LOG` asks.
fn serial() -> MutexGuard<'static, ()> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
    crate::support::serial()
}

fn config_for(endpoint: &str, secret: &str) -> S3ClientConfig {
    let creds = CredentialsProvider::new_static(&Credentials::new(ACCESS_KEY, secret)).expect("static credentials");
    S3ClientConfig::new(REGION, endpoint, creds).part_size(8 * MIB as u64).event_loop_threads(2)
}

fn client(server: &TestServer) -> S3Client {
    S3Client::new(config_for(&server.endpoint(), SECRET_KEY)).expect("create S3 client")
}

fn wait(req: &MetaRequest) -> Result<MetaRequestOutput, S3RequestError> {
    req.wait_timeout(WAIT).expect("meta-request did not finish within the timeout")
}

/// Sends a meta-request, waits for its result and releases the handle.
fn run(client: &S3Client, options: MetaRequestOptions) -> Result<MetaRequestOutput, S3RequestError> {
    let req = client.send(options).expect("start meta-request");
    wait(&req)
}

/// Asserts that every meta-request's callback state has been reclaimed. The CRT reclaims it in the
/// shutdown callback, which runs (on a CRT thread) shortly after the last handle is dropped, so poll
/// briefly; a leak keeps the count above zero forever and fails.
fn assert_no_live_states() {
    let deadline = Instant::now() + Duration::from_secs(10);
    while live_callback_states() != 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(live_callback_states(), 0, "callback states leaked");
}

/// Drops the client and asserts that the C client is destroyed (which needs every meta-request to
/// have shut down and released it): nothing the test created is left alive.
fn close(client: S3Client) {
    let shutdown = client.shutdown_signal();
    let threads = client.event_loop_shutdown_signal();
    drop(client);
    assert!(shutdown.wait_timeout(Duration::from_secs(30)), "S3 client was not destroyed after its last handle was dropped");
    assert!(threads.wait_timeout(Duration::from_secs(30)), "the client's event loop threads were not shut down");
    assert_no_live_states();
}

fn write_file(dir: &Path, name: &str, data: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, data).expect("write source file");
    path
}

/// Uploads `len` bytes from a file, checks the stored object, downloads it to a file and through the
/// body callback, and checks both copies.
fn round_trip(len: usize) {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let client = client(&server);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = test_bytes(len, len as u64 + 7);
    let src = write_file(dir.path(), "src.bin", &data);
    let key = format!("sizes/{len} bytes+odd&chars.bin");

    let uploaded = Arc::new(AtomicU64::new(0));
    let up = uploaded.clone();
    let out = run(
        &client,
        client.put_object("bkt", &key, RequestBody::File(src)).on_progress(move |p: Progress| {
            up.fetch_add(p.bytes, Ordering::SeqCst);
        }),
    )
    .expect("upload succeeds");
    assert_eq!(out.status, 200);
    assert_eq!(server.object_bytes("bkt", &key).as_deref(), Some(&data[..]), "stored object differs");
    assert!(server.open_multipart_uploads().is_empty(), "multipart upload left open");
    if len > 0 {
        assert_eq!(uploaded.load(Ordering::SeqCst), len as u64, "progress total != object size");
    }

    // Download to a file.
    let dst = dir.path().join("dst.bin");
    let downloaded = Arc::new(AtomicU64::new(0));
    let down = downloaded.clone();
    run(
        &client,
        client.get_object("bkt", &key).to_file(&dst).on_progress(move |p: Progress| {
            down.fetch_add(p.bytes, Ordering::SeqCst);
        }),
    )
    .expect("download to file succeeds");
    assert_eq!(downloaded.load(Ordering::SeqCst), len as u64, "download progress total != object size");
    assert_eq!(std::fs::read(&dst).expect("read downloaded file"), data, "downloaded file differs");

    // Download through the body callback into memory.
    let sink = Arc::new(Mutex::new(Vec::new()));
    let s = sink.clone();
    run(
        &client,
        client.get_object("bkt", &key).on_body(move |offset, chunk| {
            let mut v = s.lock().unwrap();
            if offset != v.len() as u64 {
                return Err(format!("chunk at {offset} but {} bytes received so far", v.len()));
            }
            v.extend_from_slice(chunk);
            Ok(())
        }),
    )
    .expect("download to callback succeeds");
    assert_eq!(*sink.lock().unwrap(), data, "bytes from the body callback differ");

    close(client);
}

#[test]
fn round_trip_0_bytes() {
    round_trip(0);
}

#[test]
fn round_trip_1_byte() {
    round_trip(1);
}

#[test]
fn round_trip_5_mib_minus_1() {
    round_trip(5 * MIB - 1);
}

#[test]
fn round_trip_8_mib_exactly() {
    round_trip(8 * MIB);
}

#[test]
fn round_trip_100_mib_multipart() {
    round_trip(100 * MIB);
}

#[test]
fn upload_from_memory_multipart() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let client = client(&server);
    let data = test_bytes(20 * MIB + 3, 42);
    let put = client
        .send(client.put_object("bkt", "mem.bin", RequestBody::Bytes(data.clone().into())))
        .expect("start upload");
    wait(&put).expect("upload from memory succeeds");
    assert_eq!(server.object_bytes("bkt", "mem.bin").as_deref(), Some(&data[..]));
    assert!(server.open_multipart_uploads().is_empty());
    drop(put);
    close(client);
}

#[test]
fn ranged_download() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let data = test_bytes(3 * MIB, 5);
    server.put_object_bytes("bkt", "r.bin", &data);
    let client = client(&server);
    let get = client
        .send(client.get_object("bkt", "r.bin").header("Range", "bytes=1000-1048575").collect_body())
        .expect("start ranged download");
    let out = wait(&get).expect("ranged download succeeds");
    assert_eq!(out.body.len(), 1_048_575 - 1000 + 1);
    assert_eq!(out.body, &data[1000..=1_048_575]);
    drop(get);
    close(client);
}

#[test]
fn copy_object() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("src");
    server.create_bucket("dst");
    let data = test_bytes(2 * MIB + 11, 9);
    server.put_object_bytes("src", "dir/a b.bin", &data);
    let client = client(&server);
    let copy = client.send(client.copy_object("src", "dir/a b.bin", "dst", "copied.bin")).expect("start copy");
    wait(&copy).expect("copy succeeds");
    assert_eq!(server.object_bytes("dst", "copied.bin").as_deref(), Some(&data[..]));
    assert_eq!(server.object_bytes("src", "dir/a b.bin").as_deref(), Some(&data[..]), "source changed");
    drop(copy);
    close(client);
}

#[test]
fn head_and_delete_object() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    server.put_object_bytes("bkt", "gone.bin", &test_bytes(1234, 1));
    let client = client(&server);

    let out = run(&client, client.head_object("bkt", "gone.bin")).expect("head succeeds");
    assert_eq!(out.status, 200);
    assert_eq!(out.headers.get("content-length"), Some("1234"));

    let out = run(&client, client.delete_object("bkt", "gone.bin")).expect("delete succeeds");
    assert_eq!(out.status, 204);
    assert_eq!(server.object_bytes("bkt", "gone.bin"), None, "object still stored after delete");

    let err = run(&client, client.head_object("bkt", "gone.bin")).expect_err("head of a deleted object fails");
    assert_eq!(err.http_status(), Some(404), "{err}");
    close(client);
}

/// The wrappers hand an error answer over as received. A GetObject's first answer may be the CRT's
/// size-discovery HeadObject, whose error has no body (the engine then asks again for the code);
/// any other error answer carries the S3 error document naming `code`.
fn assert_error_document(err: &S3RequestError, code: &str) {
    let S3RequestError::Service(r) = err else { panic!("an error answer, not {err:?}") };
    match &r.body {
        Some(body) => {
            let text = String::from_utf8_lossy(body);
            assert!(text.contains(&format!("<Code>{code}</Code>")), "{text}");
        }
        None => assert_eq!(r.operation.as_deref(), Some("HeadObject"), "only a HEAD answer has no body: {err}"),
    }
}

#[test]
fn missing_key_is_404_no_such_key() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let client = client(&server);
    let dir = tempfile::tempdir().expect("tempdir");
    let get = client.send(client.get_object("bkt", "nope.bin").to_file(dir.path().join("x"))).expect("start get");
    let err = wait(&get).expect_err("get of a missing key fails");
    assert_eq!(err.http_status(), Some(404), "{err}");
    assert_error_document(&err, "NoSuchKey");
    drop(get);
    close(client);
}

#[test]
fn wrong_secret_is_403_signature_does_not_match() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    server.put_object_bytes("bkt", "k", b"hello");
    let client = S3Client::new(config_for(&server.endpoint(), "not-the-secret")).expect("client");
    let get = client.send(client.get_object("bkt", "k").collect_body()).expect("start get");
    let err = wait(&get).expect_err("a wrongly signed request is refused");
    assert_eq!(err.http_status(), Some(403), "{err}");
    assert_error_document(&err, "SignatureDoesNotMatch");

    drop(get);
    let err = run(&client, client.put_object("bkt", "new", RequestBody::Bytes(b"data".as_slice().into())))
        .expect_err("a wrongly signed upload is refused");
    assert_eq!(err.http_status(), Some(403), "{err}");
    assert_eq!(server.object_bytes("bkt", "new"), None, "refused upload stored something");
    close(client);
}

#[test]
fn unreachable_endpoint_fails_fast_with_a_crt_error() {
    let _g = serial();
    // Nothing listens on port 1.
    let client = S3Client::new(
        config_for("http://127.0.0.1:1", SECRET_KEY).max_retries(1).connect_timeout(Duration::from_secs(2)),
    )
    .expect("client");
    let started = Instant::now();
    let get = client.send(client.get_object("bkt", "k").collect_body()).expect("start get");
    let result = get.wait_timeout(Duration::from_secs(60)).expect("failed within 60 s instead of hanging");
    let err = result.expect_err("no server: must fail");
    let crt = err.crt_error().unwrap_or_else(|| panic!("expected a CRT error, got {err}"));
    assert!(
        crt.name.contains("CONNECTION_REFUSED") || crt.name.contains("SOCKET"),
        "unexpected CRT error {crt:?} after {:?}",
        started.elapsed()
    );
    drop(get);
    close(client);
}

#[test]
fn cancel_large_upload_in_flight_leaves_no_multipart_upload() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let client = client(&server);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = test_bytes(64 * MIB, 3);
    let src = write_file(dir.path(), "big.bin", &data);

    // The first progress report (a part is uploaded, so the multipart upload exists) blocks until the
    // test has cancelled: the CRT cannot finish the request while one of its callbacks is running.
    let (started_tx, started_rx) = mpsc::channel::<()>();
    let (cancelled_tx, cancelled_rx) = mpsc::channel::<()>();
    let started_tx = Mutex::new(Some(started_tx));
    let cancelled_rx = Mutex::new(cancelled_rx);
    let put = client
        .send(client.put_object("bkt", "big.bin", RequestBody::File(src)).on_progress(move |_| {
            if let Some(tx) = started_tx.lock().unwrap().take() {
                let _ = tx.send(());
                let _ = cancelled_rx.lock().unwrap().recv_timeout(Duration::from_secs(30));
            }
        }))
        .expect("start upload");
    started_rx.recv_timeout(Duration::from_secs(60)).expect("upload made progress");
    put.cancel();
    cancelled_tx.send(()).expect("release the progress callback");

    let err = wait(&put).expect_err("cancelled upload must not succeed");
    assert!(err.is_cancelled(), "expected Cancelled, got {err}");
    assert_eq!(server.object_bytes("bkt", "big.bin"), None, "cancelled upload created the object");
    // AbortMultipartUpload is sent by the CRT as part of the cancellation; it has completed by the
    // time the result is delivered, but allow a short grace period.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.open_multipart_uploads().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.open_multipart_uploads(), Vec::<String>::new(), "multipart upload left behind");
    drop(put);
    close(client);
}

#[test]
fn dropping_client_with_requests_in_flight_neither_crashes_nor_leaks() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let dir = tempfile::tempdir().expect("tempdir");
    let data = test_bytes(40 * MIB, 8);
    let src = write_file(dir.path(), "up.bin", &data);
    server.put_object_bytes("bkt", "down.bin", &data);

    let client = client(&server);
    let shutdown = client.shutdown_signal();
    let put = client.send(client.put_object("bkt", "up.bin", RequestBody::File(src))).expect("start upload");
    let get = client.send(client.get_object("bkt", "down.bin").on_body(|_, _| Ok(()))).expect("start download");
    let results = (put.result(), get.result());
    drop(put);
    drop(get);
    drop(client);

    // The requests keep the C client alive until they finish; then everything is torn down.
    assert!(shutdown.wait_timeout(WAIT), "client was not destroyed after its requests finished");
    assert_no_live_states();
    // Both requests ran to an end (either outcome is acceptable; no crash, no hang).
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let (a, b) = tokio::time::timeout(Duration::from_secs(5), async { (results.0.await, results.1.await) })
            .await
            .expect("results available after shutdown");
        assert!(a.is_ok(), "upload: {a:?}");
        assert!(b.is_ok(), "download: {b:?}");
    });
    assert_eq!(server.object_bytes("bkt", "up.bin").as_deref(), Some(&data[..]));
}

#[test]
fn panic_in_callback_cancels_and_surfaces_as_error() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    server.put_object_bytes("bkt", "p.bin", &test_bytes(MIB, 2));
    let client = client(&server);
    let get = client
        .send(client.get_object("bkt", "p.bin").on_body(|_, _| panic!("subscriber exploded")))
        .expect("start get");
    let err = wait(&get).expect_err("a panicking callback fails the request");
    match &err {
        S3RequestError::CallbackPanicked(msg) => assert!(msg.contains("subscriber exploded"), "{msg}"),
        other => panic!("expected CallbackPanicked, got {other}"),
    }
    drop(get);
    close(client);
}

#[test]
fn delegate_credentials_from_a_rust_callback() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let calls = Arc::new(AtomicU64::new(0));
    let c = calls.clone();
    let provider = CredentialsProvider::new_delegate(Arc::new(move || {
        c.fetch_add(1, Ordering::SeqCst);
        Ok(Credentials::new(ACCESS_KEY, SECRET_KEY))
    }))
    .expect("delegate provider");
    let client = S3Client::new(S3ClientConfig::new(REGION, server.endpoint(), provider)).expect("client");
    run(&client, client.put_object("bkt", "d", RequestBody::Bytes(b"delegated".as_slice().into())))
        .expect("upload signed with delegated credentials succeeds");
    assert_eq!(server.object_bytes("bkt", "d").as_deref(), Some(&b"delegated"[..]));
    assert!(calls.load(Ordering::SeqCst) >= 1, "the Rust credential source was never asked");

    // A failing source fails the request with a clear CRT error instead of sending unsigned requests.
    let failing = CredentialsProvider::new_delegate(Arc::new(|| Err("no credentials today".to_owned()))).expect("provider");
    let client2 = S3Client::new(S3ClientConfig::new(REGION, server.endpoint(), failing)).expect("client");
    let err = run(&client2, client2.get_object("bkt", "d").collect_body()).expect_err("no credentials: must fail");
    assert!(err.crt_error().is_some(), "expected a CRT error, got {err}");
    close(client);
    close(client2);
}

#[test]
fn upload_of_a_missing_file_fails_at_once_with_a_crt_error() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    let client = client(&server);
    let missing = std::path::PathBuf::from("/nonexistent/dir/file.bin");
    let err = client
        .send(client.put_object("bkt", "k", RequestBody::File(missing)))
        .expect_err("a missing source file cannot start an upload");
    let crt = err.crt_error().unwrap_or_else(|| panic!("expected a CRT error, got {err}"));
    assert_ne!(crt.code, 0);
    assert!(!crt.name.is_empty() && !crt.message.is_empty(), "{crt:?}");
    assert!(server.object_bytes("bkt", "k").is_none(), "object must not exist");
    close(client);
}

#[test]
fn https_endpoint_uses_tls_and_fails_cleanly_against_a_plain_http_server() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    server.put_object_bytes("bkt", "k", b"x");
    // Same server, but spoken to over TLS: the handshake must fail with a TLS/socket error.
    let endpoint = format!("https://{}", server.addr());
    let client = S3Client::new(config_for(&endpoint, SECRET_KEY).max_retries(1)).expect("https client with default TLS");
    let err = run(&client, client.head_object("bkt", "k")).expect_err("TLS against a plain-http server fails");
    let crt = err.crt_error().unwrap_or_else(|| panic!("expected a CRT error, got {err}"));
    assert!(crt.name.contains("TLS") || crt.name.contains("SOCKET"), "unexpected error {crt:?}");
    close(client);
}

#[test]
fn body_callback_error_cancels_the_download_and_is_reported() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    server.put_object_bytes("bkt", "big.bin", &test_bytes(24 * MIB, 4));
    let client = client(&server);
    let chunks = Arc::new(AtomicU64::new(0));
    let c = chunks.clone();
    let err = run(
        &client,
        client.get_object("bkt", "big.bin").on_body(move |_, _| {
            c.fetch_add(1, Ordering::SeqCst);
            Err("disk full".to_owned())
        }),
    )
    .expect_err("a failing sink fails the download");
    match &err {
        S3RequestError::Callback(msg) => assert_eq!(msg, "disk full"),
        other => panic!("expected Callback error, got {other}"),
    }
    assert_eq!(chunks.load(Ordering::SeqCst), 1, "the sink was called again after it failed");
    close(client);
}

/// `MetaRequestOptions::at` sends a request to its own endpoint (how the CRT engine reaches a
/// virtual-hosted bucket): the client's endpoint here refuses connections, so only the per-request
/// endpoint can serve the upload, the download and the copy (whose source HeadObject goes to
/// `copy_source_uri`). An endpoint with another scheme than the client's is refused at once.
#[test]
fn per_request_endpoint_overrides_the_clients() {
    let _g = serial();
    let server = TestServer::start();
    server.create_bucket("bkt");
    // Nothing listens on port 1: any request that used the client's endpoint would fail.
    let client = S3Client::new(config_for("http://127.0.0.1:1", SECRET_KEY).max_retries(1)).expect("client");
    let endpoint = server.endpoint();
    let data = test_bytes(3 * MIB + 5, 61);

    let put = client.put_object("ignored", "ignored", RequestBody::Bytes(data.clone().into())).at(&endpoint, "/bkt/src");
    run(&client, put).expect("upload through the per-request endpoint");
    assert_bytes_eq(&server.object_bytes("bkt", "src").expect("stored"), &data, "uploaded");

    let get = client.get_object("ignored", "ignored").at(&endpoint, "/bkt/src").collect_body();
    let out = run(&client, get).expect("download through the per-request endpoint");
    assert_bytes_eq(&out.body, &data, "downloaded");

    let copy = client
        .copy_object("bkt", "src", "bkt", "dst")
        .at(&endpoint, "/bkt/dst")
        .copy_source_uri(format!("{endpoint}/bkt/src"));
    run(&client, copy).expect("copy through the per-request endpoint");
    assert_bytes_eq(&server.object_bytes("bkt", "dst").expect("copied"), &data, "copied");

    let https = client.get_object("bkt", "src").at(endpoint.replace("http://", "https://"), "/bkt/src");
    match client.send(https) {
        Err(S3RequestError::InvalidArgument(m)) => assert!(m.contains("scheme"), "{m}"),
        other => panic!("an https endpoint on an http client must be refused, got {other:?}"),
    }
    close(client);
}
