//! The endpoint dies mid-transfer: the fault proxy is killed (every connection dropped, the port
//! refuses new ones), or the server behind a still-running proxy is killed (connections end, new ones
//! are accepted and closed at once). Transfers fail with a transport error within the bound; a
//! download leaves no file.
//!
//! Documented exception to "no multipart upload left": an upload killed this way cannot abort its
//! multipart upload, because AbortMultipartUpload cannot reach a dead endpoint either (the same holds
//! for every S3 client; a bucket lifecycle rule `AbortIncompleteMultipartUpload` is the remedy). The
//! cases assert exactly one upload is left open and that no object was created.

use std::time::Duration;

use crate::support::*;

const PART: usize = 5 * MIB;

fn throttled(server: &TestServer) -> FaultProxy {
    FaultProxy::start(server.addr(), FaultPlan::throttle(32 * KIB, Duration::from_millis(10)))
}

fn tm(engine: Engine, proxy: &FaultProxy) -> TransferManager {
    let mut cfg = config_sized(engine, PART, PART);
    cfg.max_request_concurrency = 2;
    manager(sdk_client_with_attempts(&proxy.endpoint(), 3), cfg)
}

#[track_caller]
fn assert_transport_error(engine: Engine, err: &TransferError) {
    assert!(!err.is_cancelled(), "{err:?}");
    assert_eq!(err.http_status(), None, "no response: {err:?}");
    let ok = match err {
        TransferError::RetriesExceeded { last } => matches!(**last, TransferError::Network { .. }),
        TransferError::Network { .. } => true,
        TransferError::S3UploadFailed { cause, .. } => {
            engine == Engine::Crt && matches!(**cause, TransferError::Network { .. } | TransferError::Crt { .. })
        }
        TransferError::Crt { .. } => engine == Engine::Crt,
        _ => false,
    };
    assert!(ok, "expected a transport error, got {err:?}");
}

fn download_killed(engine: Engine, kill_server: bool) {
    let mut server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(4 * PART, 131);
    server.put_object_bytes(BUCKET, "obj", &data);
    let mut proxy = throttled(&server);
    let tm = tm(engine, &proxy);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    std::fs::write(&dest, b"previous content").unwrap();
    let progress = Progress::new();
    let fut = tm.download(BUCKET, "obj", dest.clone()).subscriber(progress.clone()).start().expect("start");
    assert!(progress.wait(MIB as i64), "the download finished before the kill");
    if kill_server {
        server.kill();
    } else {
        proxy.kill();
    }
    let err = finish_err(&fut);
    eprintln!("{engine:?}: download after kill: {err:?}");
    assert_transport_error(engine, &err);
    drop(tm);
    assert_eq!(std::fs::read(&dest).unwrap(), b"previous content", "the existing file is untouched");
    assert_complete_or_absent(&dest, b"previous content", &[]);
}

fn upload_killed(engine: Engine, kill_server: bool) {
    let mut server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(4 * PART, 132);
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", &data);
    let mut proxy = throttled(&server);
    let tm = tm(engine, &proxy);
    let progress = Progress::new();
    let fut = tm.upload(src, BUCKET, "obj").subscriber(progress.clone()).start().expect("start");
    assert!(progress.wait(MIB as i64), "the upload finished before the kill");
    if kill_server {
        server.kill();
    } else {
        proxy.kill();
    }
    let err = finish_err(&fut);
    eprintln!("{engine:?}: upload after kill: {err:?}");
    assert_transport_error(engine, &err);
    drop(tm);
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "no object");
    assert_eq!(
        server.open_multipart_uploads().len(),
        1,
        "the one multipart upload stays open: its abort cannot reach a dead endpoint (documented)"
    );
}

fn proxy_killed_mid_download(engine: Engine) {
    download_killed(engine, false);
}

fn server_killed_mid_download(engine: Engine) {
    download_killed(engine, true);
}

fn proxy_killed_mid_upload(engine: Engine) {
    upload_killed(engine, false);
}

fn server_killed_mid_upload(engine: Engine) {
    upload_killed(engine, true);
}

engine_tests! {
    proxy_killed_mid_download,
    proxy_killed_mid_upload,
    server_killed_mid_download,
    server_killed_mid_upload,
}
