//! The legacy blocking `S3Transfer` against the real in-process S3 server.

#[path = "support/mod.rs"]
mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use s3transfer::legacy::{S3Transfer, TransferConfig};
use s3transfer::{ExtraArgs, TransferError};
use support::{test_bytes, TestServer};

const BUCKET: &str = "legacy-bucket";
const MIB: usize = 1024 * 1024;

fn counter() -> (Arc<AtomicU64>, s3transfer::legacy::Callback) {
    let total = Arc::new(AtomicU64::new(0));
    let t = total.clone();
    (total, Arc::new(move |n| {
        assert!(n > 0, "callbacks never report 0");
        t.fetch_add(n, Ordering::SeqCst);
    }))
}

#[test]
fn small_upload_and_download_bytes_equal() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(300 * 1024, 1);
    let src = dir.path().join("in.bin");
    std::fs::write(&src, &data).unwrap();
    let t = S3Transfer::new(server.sdk_client(), TransferConfig::default()).unwrap();
    let (up, cb) = counter();
    let args = ExtraArgs::new().set("ContentType", "text/plain");
    t.upload_file(&src, BUCKET, "small", Some(cb), Some(&args)).unwrap();
    assert_eq!(server.object_bytes(BUCKET, "small").unwrap(), data);
    assert_eq!(up.load(Ordering::SeqCst), data.len() as u64);
    let (down, cb) = counter();
    let dest = dir.path().join("out.bin");
    t.download_file(BUCKET, "small", &dest, None, Some(cb)).unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), data);
    assert_eq!(down.load(Ordering::SeqCst), data.len() as u64);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temp file left");
}

#[test]
fn multipart_upload_and_ranged_download_bytes_equal() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(12 * MIB + 5, 2);
    let src = dir.path().join("big.bin");
    std::fs::write(&src, &data).unwrap();
    // A 1 MiB chunksize: uploads raise it to 5 MiB (fixed quirk), downloads use it as given.
    let cfg = TransferConfig { multipart_threshold: 5 * MIB as u64, multipart_chunksize: MIB as u64, max_io_queue: 2, ..Default::default() };
    let t = S3Transfer::new(server.sdk_client(), cfg).unwrap();
    let (up, cb) = counter();
    t.upload_file(&src, BUCKET, "big", Some(cb), None).unwrap();
    assert_eq!(server.object_bytes(BUCKET, "big").unwrap(), data);
    assert_eq!(up.load(Ordering::SeqCst), data.len() as u64);
    assert!(server.open_multipart_uploads().is_empty());
    let dest = dir.path().join("copy.bin");
    std::fs::write(&dest, b"old").unwrap();
    let (down, cb) = counter();
    t.download_file(BUCKET, "big", &dest, None, Some(cb)).unwrap();
    assert!(std::fs::read(&dest).unwrap() == data, "downloaded bytes differ");
    assert_eq!(down.load(Ordering::SeqCst), data.len() as u64);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temp file left");
}

#[test]
fn disallowed_extra_args_are_errors_and_write_nothing() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", b"hello");
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in.bin");
    std::fs::write(&src, b"data").unwrap();
    let t = S3Transfer::new(server.sdk_client(), TransferConfig::default()).unwrap();
    // Upstream's typo is not accepted; the real parameter name is.
    let e = t.upload_file(&src, BUCKET, "k", None, Some(&ExtraArgs::new().set("GrantWriteACL", "x"))).unwrap_err();
    assert!(matches!(e, TransferError::InvalidArgument { .. }) && e.to_string().contains("GrantWriteACL"), "{e}");
    assert!(server.object_bytes(BUCKET, "k").is_none());
    let out = dir.path().join("sub");
    std::fs::create_dir(&out).unwrap();
    let e = t.download_file(BUCKET, "obj", out.join("o"), Some(&ExtraArgs::new().set("ACL", "private")), None).unwrap_err();
    assert!(matches!(e, TransferError::InvalidArgument { .. }), "{e}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "nothing written");
}

#[test]
fn missing_object_and_missing_directory_fail_cleanly() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", b"hello");
    let dir = tempfile::tempdir().unwrap();
    let t = S3Transfer::new(server.sdk_client(), TransferConfig::default()).unwrap();
    let e = t.download_file(BUCKET, "nope", dir.path().join("x"), None, None).unwrap_err();
    assert_eq!(e.http_status(), Some(404), "{e}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temp file left");
    // A local error fails at once (upstream retried it num_download_attempts times).
    let e = t.download_file(BUCKET, "obj", dir.path().join("no/such/dir/x"), None, None).unwrap_err();
    assert!(matches!(e, TransferError::Io { .. }), "{e:?}");
}

#[test]
fn calls_from_async_code_are_refused() {
    let server = TestServer::start();
    let t = S3Transfer::new(server.sdk_client(), TransferConfig::default()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let e = rt.block_on(async { t.download_file(BUCKET, "k", "/tmp/never", None, None) }).unwrap_err();
    assert!(e.to_string().contains("block"), "{e}");
}
