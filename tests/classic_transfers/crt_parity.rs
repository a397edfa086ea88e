//! What the behaviour suite checks in addition on CRT runs, and how tests that must differ on the
//! CRT engine say so.
#![allow(dead_code)]

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use s3transfer::Engine;

use crate::support::assert_crt_callback_states_drained;

/// Serialises CRT runs when the suite runs as threads of one process (`cargo test`): the live
/// callback-state count is process-global. Under nextest every test is its own process.
fn serial(engine: Engine) -> Option<MutexGuard<'static, ()>> {
    static LOCK: Mutex<()> = Mutex::new(());
    (engine == Engine::Crt).then(|| LOCK.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Runs one behaviour test for `engine`. On CRT runs, once the test (and with it its manager) is
/// done, every CRT meta-request's callback state must have been reclaimed: nothing is left running
/// or leaked.
pub fn run(engine: Engine, name: &str, test: impl FnOnce()) {
    let _guard = serial(engine);
    match (engine, CRT_DIFFERS.iter().find(|(n, _, _)| *n == name)) {
        (Engine::Crt, Some((_, how, reason))) => {
            eprintln!("{name} differs on the CRT engine: {reason}");
            match how {
                Differs::Refused(what) => assert_crt_refuses(*what),
                Differs::Variant(f) => f(),
                Differs::KnownCrtFailure(expected) => {
                    // The classic test runs unchanged and must fail the way documented; if the CRT
                    // starts behaving, this fails and the entry must go.
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(test));
                    let msg = match &r {
                        Ok(()) => panic!("{name}: expected the documented CRT failure ({expected}), but the test passed"),
                        Err(p) => p
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default(),
                    };
                    assert!(msg.contains(expected), "{name}: failed differently than documented: {msg}");
                }
            }
        }
        _ => test(),
    }
    assert_crt_callback_states_drained(engine);
}

/// For a test whose transfer the CRT engine cannot run (`Engine::Crt` refuses it synchronously):
/// asserts the documented refusal and returns `true` so the test can stop there.
#[track_caller]
pub fn crt_refuses(engine: Engine, started: s3transfer::Result<s3transfer::TransferFuture>, reason: &str) -> Option<s3transfer::TransferFuture> {
    if engine != Engine::Crt {
        return Some(started.expect("start"));
    }
    match started {
        Err(s3transfer::TransferError::InvalidArgument { message }) => {
            assert!(message.contains("Engine::Auto"), "refusal should point to Engine::Auto: {message}");
            eprintln!("CRT engine refuses this transfer as documented ({reason}): {message}");
            None
        }
        other => panic!("Engine::Crt should refuse this transfer ({reason}), got {other:?}"),
    }
}

/// What `Engine::Crt` refuses instead of running a test's transfer.
#[derive(Clone, Copy, Debug)]
pub enum Refused {
    /// An upload from a stream of unknown length.
    StreamUpload,
    /// A download into a writer.
    WriterDownload,
    /// A download onto a FIFO.
    FifoDownload,
    /// A copy with a separate source client.
    SourceClientCopy,
    /// A copy of an SSE-C source.
    SseCSourceCopy,
}

/// How a behaviour test differs on the CRT engine.
#[derive(Clone, Copy)]
pub enum Differs {
    /// `Engine::Crt` refuses the test's kind of transfer: assert that refusal instead.
    Refused(Refused),
    /// A CRT-specific version of the test (same intent, a transfer the CRT engine runs).
    Variant(fn()),
    /// A known CRT limitation: the classic test runs and must fail with this message.
    KnownCrtFailure(&'static str),
}

/// Behaviour tests that differ on `Engine::Crt`, how, and why. On CRT runs each of these
/// asserts the documented synchronous refusal (`InvalidArgument` pointing to `Engine::Auto`) for the
/// kind of transfer the test uses, instead of the classic behaviour.
pub const CRT_DIFFERS: &[(&str, Differs, &str)] = &[
    ("upload_from_seekable_reader_starts_at_current_position", Differs::Refused(Refused::StreamUpload), "the CRT engine uploads files and bytes, not streams"),
    ("upload_from_nonseekable_reader", Differs::Refused(Refused::StreamUpload), "the CRT engine uploads files and bytes, not streams"),
    ("upload_from_blocking_reader_socket", Differs::Refused(Refused::StreamUpload), "the CRT engine uploads files and bytes, not streams"),
    ("upload_source_error_aborts_multipart", Differs::Refused(Refused::StreamUpload), "the failing source is a stream"),
    ("upload_stream_with_one_in_memory_chunk", Differs::Refused(Refused::StreamUpload), "stream upload; max_in_memory_upload_chunks is a classic-engine option"),
    ("upload_stream_read_ahead_is_bounded", Differs::Refused(Refused::StreamUpload), "stream upload; read-ahead bounds are a classic-engine option"),
    ("upload_part_size_doubles_for_10000_parts", Differs::Refused(Refused::StreamUpload), "the declared-size stream is a stream upload"),
    ("on_queued_provides_size_of_stream", Differs::Refused(Refused::StreamUpload), "stream upload"),
    ("cancel_multipart_upload_from_stream", Differs::Refused(Refused::StreamUpload), "stream upload (cancel of a file upload runs on both engines)"),
    ("download_to_seekable_writer", Differs::Refused(Refused::WriterDownload), "the CRT engine downloads to files, not writers"),
    ("download_to_seekable_writer_ignores_its_position", Differs::Refused(Refused::WriterDownload), "the CRT engine downloads to files, not writers"),
    ("download_to_nonseekable_writer", Differs::Refused(Refused::WriterDownload), "the CRT engine downloads to files, not writers"),
    ("download_to_blocking_writer_socket", Differs::Refused(Refused::WriterDownload), "the CRT engine downloads to files, not writers"),
    ("download_retries_cut_body_to_nonseekable_writer", Differs::Refused(Refused::WriterDownload), "writer target (the file variant runs on both engines)"),
    ("download_writer_error_fails_transfer", Differs::Refused(Refused::WriterDownload), "writer target"),
    ("download_to_stalled_writer_is_bounded", Differs::Refused(Refused::WriterDownload), "writer target; max_in_memory_download_chunks is a classic-engine option"),
    ("download_to_fifo_writes_in_place", Differs::Refused(Refused::FifoDownload), "the CRT writes a temp file and renames it, which a FIFO cannot take"),
    ("copy_uses_source_client_for_head", Differs::Refused(Refused::SourceClientCopy), "the CRT signs the source HeadObject with the manager's credentials"),
    ("sse_c_headers_reach_every_copy_request", Differs::Refused(Refused::SseCSourceCopy), "the CRT's own source HeadObject cannot carry the source's SSE-C key"),
    ("result_timeout_on_slow_transfer", Differs::Variant(result_timeout_on_slow_file_upload), "the classic test uses a slow stream; the CRT variant a slow server"),
    ("shutdown_fatal_cancels_with_fatal_error", Differs::Variant(shutdown_fatal_during_file_upload), "the classic test uses a slow stream; the CRT variant a slow server"),
    ("copy_part_failure_aborts_multipart_copy", Differs::Variant(copy_failure_reports_error), "aws-c-s3 copies objects below 1 GiB with one CopyObject, so the injected failure is on CopyObject"),
    ("nothing_is_sent_after_a_failed_copy", Differs::Variant(nothing_is_sent_after_a_failed_single_copy), "aws-c-s3 copies objects below 1 GiB with one CopyObject; the variant checks that nothing follows its refusal"),
    ("copy_pinned_to_source_etag", Differs::Variant(copy_pinned_to_given_etag), "aws-c-s3 always sends its own source HeadObject and copies below 1 GiB with one CopyObject; the variant checks the pin on that CopyObject"),
    ("download_destination_appears_only_when_complete", Differs::Variant(destination_appears_only_when_complete), "CRT progress comes per part, so the classic test's progress-based timing does not hold; the variant waits for the temp files instead"),
    ("download_without_etag", Differs::Variant(download_without_etag_on_the_crt), "aws-c-s3 needs the first answer's ETag to pin the later parts and refuses a GET without one; the variant checks that Engine::Crt fails saying so and writes nothing, and that Engine::Auto downloads on the classic engine instead"),
    ("shutdown_with_cancel_many_transfers", Differs::Refused(Refused::WriterDownload), "its 18 transfers include downloads to writers; shutdown(cancel) of CRT transfers is covered by shutdown_with_cancel_cancels_transfers"),
];

fn expect_refusal(what: Refused, r: s3transfer::Result<s3transfer::TransferFuture>) {
    match r {
        Err(s3transfer::TransferError::InvalidArgument { message }) => {
            assert!(message.contains("Engine::Auto") || message.contains("Engine::Classic"), "{what:?}: {message}")
        }
        other => panic!("{what:?}: Engine::Crt should refuse synchronously, got {other:?}"),
    }
}

fn assert_crt_refuses(what: Refused) {
    use crate::common::*;
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", b"data");
    let tm = manager(server.sdk_client(), config(Engine::Crt));
    let dir = tempfile::tempdir().unwrap();
    let started = match what {
        Refused::StreamUpload => tm.upload(UploadSource::reader(std::io::Cursor::new(b"abc".to_vec())), BUCKET, "k").start(),
        Refused::WriterDownload => tm.download(BUCKET, "obj", DownloadTarget::writer(tokio::io::sink())).start(),
        Refused::FifoDownload => {
            let fifo = dir.path().join("fifo");
            let st = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
            assert!(st.success());
            tm.download(BUCKET, "obj", fifo).start()
        }
        Refused::SourceClientCopy => tm
            .copy(s3transfer::CopySource::new(BUCKET, "obj"), BUCKET, "copy")
            .source_client(server.sdk_client())
            .start(),
        Refused::SseCSourceCopy => tm
            .copy(s3transfer::CopySource::new(BUCKET, "obj"), BUCKET, "copy")
            .extra_args(
                ExtraArgs::new()
                    .set("CopySourceSSECustomerAlgorithm", "AES256")
                    .set("CopySourceSSECustomerKey", "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk="),
            )
            .start(),
    };
    expect_refusal(what, started);
    // Nothing was started: no transfer is tracked and the same manager still works.
    assert!(tm.unfinished().is_empty());
    let ok = tm.download(BUCKET, "obj", dir.path().join("file")).start().expect("file download");
    finish_ok(&ok);
    assert_eq!(ok.meta().engine(), Engine::Crt);
    assert_eq!(std::fs::read(dir.path().join("file")).unwrap(), b"data");
}

// ---------------------------------------------------------------------------------------------
// CRT variants of classic tests that rely on stream sources or on multipart copies.

/// `result_timeout` gives `Timeout` while a transfer is still running (a server answering slowly),
/// and the transfer then completes.
fn result_timeout_on_slow_file_upload() {
    use crate::common::*;
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::latency(Duration::from_millis(700)));
    let tm = manager(proxy.sdk_client(), config_sized(Engine::Crt, 5 * MIB, 5 * MIB));
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(12 * MIB, 90);
    let src = write_file(dir.path(), "src", &data);
    let fut = tm.upload(src, BUCKET, "obj").start().expect("start");
    assert_eq!(fut.result_timeout(Duration::from_millis(50)), Err(TransferError::Timeout));
    assert!(!fut.done());
    finish_ok(&fut);
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").unwrap(), &data, "uploaded");
}

/// `shutdown_fatal` during a multipart file upload: the transfer fails with `Fatal`, `on_done` ran,
/// no object, no open multipart upload.
fn shutdown_fatal_during_file_upload() {
    use crate::common::*;
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    // 16 KiB per 20 ms per connection: the 30 MiB upload takes seconds, so the cancel below lands
    // mid-transfer rather than racing CompleteMultipartUpload (a late cancel loses to success).
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(16 * 1024, Duration::from_millis(20)));
    let tm = manager(proxy.sdk_client(), config_sized(Engine::Crt, 5 * MIB, 5 * MIB));
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", &test_bytes(30 * MIB, 91));
    let rec = Recorder::new();
    let fut = tm.upload(src, BUCKET, "obj").subscriber(rec.clone()).start().expect("start");
    // Wait until the multipart upload exists (and its answer got back), so the cancel lands mid-transfer.
    let deadline = Instant::now() + WAIT;
    while server.open_multipart_uploads().is_empty() {
        assert!(Instant::now() < deadline, "no multipart upload created");
        assert!(!fut.done(), "finished too early: {:?}", fut.result());
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(!fut.done(), "the throttled upload must still be in flight");
    let tm = std::sync::Arc::new(tm);
    let t = tm.clone();
    within(WAIT, "shutdown_fatal", move || t.shutdown_fatal("boom"));
    let err = finish_err(&fut);
    assert!(matches!(err, TransferError::Fatal { .. }), "{err:?}");
    assert!(err.is_cancelled());
    rec.assert_order();
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
    assert!(server.open_multipart_uploads().is_empty(), "multipart upload aborted");
}

/// A copy the server refuses (500 on every CopyObject): the error with its status and code, no object.
fn copy_failure_reports_error() {
    use crate::common::*;
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "src", &test_bytes(11 * MIB, 92));
    server.fail_requests("CopyObject", u32::MAX, s3s::S3ErrorCode::InternalError);
    let tm = manager(server.sdk_client(), config_sized(Engine::Crt, 5 * MIB, 5 * MIB));
    let err = finish_err(&tm.copy(s3transfer::CopySource::new(BUCKET, "src"), BUCKET, "dst").start().expect("start"));
    assert_eq!(err.http_status(), Some(500), "{err:?}");
    assert_eq!(err.s3_code(), Some("InternalError"), "{err:?}");
    assert!(server.object_bytes(BUCKET, "dst").is_none(), "object must not exist");
    assert!(server.open_multipart_uploads().is_empty());
}

/// A refused copy stops at once: aws-c-s3 sends one CopyObject for a source below 1 GiB, and after
/// its 403 (not retried) nothing more is sent; no object.
fn nothing_is_sent_after_a_failed_single_copy() {
    use crate::common::*;
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "src", &test_bytes(40 * MIB, 89));
    server.fail_requests("CopyObject", u32::MAX, s3s::S3ErrorCode::AccessDenied);
    let mut cfg = config_sized(Engine::Crt, 5 * MIB, 5 * MIB);
    cfg.max_request_concurrency = 2;
    let tm = manager(server.sdk_client(), cfg);
    let err = finish_err(&tm.copy(s3transfer::CopySource::new(BUCKET, "src"), BUCKET, "dst").start().expect("start"));
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    let seen = crate::failures::settled_ops(&server);
    assert_eq!(seen.last().map(String::as_str), Some("CopyObject"), "the refused CopyObject is the last request: {seen:?}");
    assert_eq!(server.requests_of("CopyObject").len(), 1, "not retried: {seen:?}");
    assert!(server.object_bytes(BUCKET, "dst").is_none(), "object must not exist");
}

/// With the source's size and ETag given, the CopyObject is pinned to that ETag
/// (`x-amz-copy-source-if-match`) and the copy is correct.
fn copy_pinned_to_given_etag() {
    use crate::common::*;
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(11 * MIB, 35);
    server.put_object_bytes(BUCKET, "src", &data);
    let etag = head(server.sdk_client(), "src").e_tag().unwrap().to_owned();
    server.clear_requests();
    let tm = manager(server.sdk_client(), config_sized(Engine::Crt, 5 * MIB, 5 * MIB));
    let fut = tm
        .copy(s3transfer::CopySource::new(BUCKET, "src"), BUCKET, "dst")
        .size(data.len() as u64)
        .etag(etag.clone())
        .start()
        .expect("start");
    finish_ok(&fut);
    assert_bytes_eq(&server.object_bytes(BUCKET, "dst").unwrap(), &data, "copy");
    let copies = server.requests_of("CopyObject");
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].header("x-amz-copy-source-if-match"), Some(etag.as_str()), "{:?}", copies[0]);
    assert_eq!(fut.meta().size(), Some(data.len() as u64));
}

/// While downloads to paths are in flight, the destinations do not exist (or keep their old
/// contents): the data goes to temp files next to them, renamed only when complete.
fn destination_appears_only_when_complete() {
    use crate::common::*;
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(24 * MIB, 87);
    server.put_object_bytes(BUCKET, "obj", &data);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(16 * KIB, Duration::from_millis(10)));
    let tm = manager(proxy.sdk_client(), config_sized(Engine::Crt, MIB, MIB));
    let dir = tempfile::tempdir().unwrap();
    let old = b"old".to_vec();
    let existing = write_file(dir.path(), "existing", &old);
    let fresh = dir.path().join("fresh");
    let futs = [
        tm.download(BUCKET, "obj", fresh.clone()).start().expect("start"),
        tm.download(BUCKET, "obj", existing.clone()).start().expect("start"),
    ];
    let deadline = Instant::now() + WAIT;
    while dir_names(dir.path()).len() < 3 {
        assert!(Instant::now() < deadline, "no temp files appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(!futs[0].done() && !futs[1].done(), "still in flight (throttled, 24 MiB each)");
    assert!(!fresh.exists(), "no partial file at the destination while downloading");
    assert_eq!(std::fs::read(&existing).unwrap(), old, "old contents intact while downloading");
    futs.iter().for_each(finish_ok);
    assert_bytes_eq(&std::fs::read(&fresh).unwrap(), &data, "fresh");
    assert_bytes_eq(&std::fs::read(&existing).unwrap(), &data, "existing");
    assert_eq!(dir_names(dir.path()), vec!["existing".to_owned(), "fresh".to_owned()]);
}

/// A server that sends no ETag: `Engine::Crt`'s download fails with the CRT's own error, whose
/// message points to the engines that can download it; an existing destination is untouched and no
/// temp file is left. `Engine::Auto` chose the CRT, sees that failure and downloads on the classic
/// engine: the bytes are right, the meta says `Classic`, the progress adds up to the size once.
fn download_without_etag_on_the_crt() {
    use crate::common::*;
    let server = RecordingServer::start_without_etags();
    server.create_bucket(BUCKET);
    let data = test_bytes(2 * MIB + MIB / 2, 51);
    server.put_object_bytes(BUCKET, "obj", &data);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.bin");
    std::fs::write(&dest, b"existing").unwrap();
    let tm = manager(server.sdk_client(), config_sized(Engine::Crt, MIB, MIB));
    let err = finish_err(&tm.download(BUCKET, "obj", dest.clone()).start().expect("start download"));
    match &err {
        TransferError::Crt { name, message, .. } => {
            assert_eq!(name, "AWS_ERROR_S3_MISSING_ETAG", "{err:?}");
            assert!(message.contains("Engine::Classic") && message.contains("Engine::Auto"), "{message}");
        }
        other => panic!("expected the CRT's missing-ETag error, got {other:?}"),
    }
    assert_eq!(std::fs::read(&dest).unwrap(), b"existing", "destination untouched");
    assert_eq!(dir_names(dir.path()), vec!["out.bin".to_owned()], "no temp file left");

    server.clear_requests();
    let tm = manager(server.sdk_client(), config_sized(Engine::Auto, MIB, MIB));
    let rec = Recorder::new();
    let fut = tm.download(BUCKET, "obj", dest.clone()).subscriber(rec.clone()).start().expect("start download");
    finish_ok(&fut);
    assert_bytes_eq(&std::fs::read(&dest).unwrap(), &data, "downloaded by the classic engine");
    assert_eq!(dir_names(dir.path()), vec!["out.bin".to_owned()], "no temp file left");
    assert_eq!(fut.meta().engine(), Engine::Classic, "the engine that did the download");
    rec.assert_success(data.len());
    // Whatever the CRT sent first (its HeadObject here), then the classic plan: HeadObject and three
    // ranged GETs; nothing pinned to an ETag.
    let reqs = server.requests();
    assert!(reqs.iter().all(|r| r.header("if-match").is_none()), "{reqs:?}");
    let last_head = reqs.iter().rposition(|r| r.op == "HeadObject").expect("the classic engine's HeadObject");
    let mut ranges: Vec<String> = reqs[last_head + 1..]
        .iter()
        .map(|r| format!("{} {}", r.op, r.header("range").unwrap_or("-")))
        .collect();
    ranges.sort();
    assert_eq!(
        ranges,
        ["GetObject bytes=0-1048575", "GetObject bytes=1048576-2097151", "GetObject bytes=2097152-"],
        "{reqs:?}"
    );
}
