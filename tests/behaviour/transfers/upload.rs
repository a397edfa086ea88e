//! Uploads: sizes around the multipart threshold, part sizing, every kind of source.
//!
//! Uploads clamp the part size to at least 5 MiB (S3's minimum, which s3s-fs enforces with
//! EntityTooSmall), so these tests use threshold = chunksize = 5 MiB and read the part count the
//! server saw from the multipart ETag (`"<md5>-N"`); a single PUT has no `-N`.

use crate::support::*;
use bytes::Bytes;

const T: usize = 5 * MIB;

/// Uploads `len` bytes from a file with threshold = chunksize = 5 MiB; checks bytes, the part count
/// the server saw, events and that no multipart upload is left open.
fn upload_file_of_size(engine: Engine, len: usize, expect_parts: Option<usize>) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(len, len as u64 + 1);
    let path = write_file(dir.path(), "src.bin", &data);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let rec = Recorder::new();
    let fut = tm.upload(path.clone(), BUCKET, "obj").subscriber(rec.clone()).start().expect("start upload");
    finish_ok(&fut);
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").expect("object exists"), &data, "stored object");
    let etag = head(server.sdk_client(), "obj").e_tag().expect("etag").to_owned();
    assert_eq!(etag_parts(&etag), expect_parts, "parts the server saw (ETag {etag})");
    assert!(server.open_multipart_uploads().is_empty(), "no multipart upload left open");
    rec.assert_success(len);
    assert_eq!(fut.meta().size(), Some(len as u64));
    assert!(fut.done());
    // The source file is untouched.
    assert_eq!(std::fs::read(&path).unwrap(), data);
}

/// 0 bytes: one PutObject with an empty body, no progress events.
fn upload_empty_file(engine: Engine) {
    upload_file_of_size(engine, 0, None);
}

/// threshold - 1: a single PutObject.
fn upload_below_threshold_is_single_put(engine: Engine) {
    upload_file_of_size(engine, T - 1, None);
}

/// Exactly the threshold: multipart with one part (uploads go multipart iff size >= threshold).
fn upload_at_threshold_is_one_part_multipart(engine: Engine) {
    upload_file_of_size(engine, T, Some(1));
}

/// threshold + 1: two parts (5 MiB and 1 byte).
fn upload_above_threshold_is_two_parts(engine: Engine) {
    upload_file_of_size(engine, T + 1, Some(2));
}

/// 12 MiB in 5 MiB parts: three parts.
fn upload_multipart_three_parts(engine: Engine) {
    upload_file_of_size(engine, 12 * MIB, Some(3));
}

/// A configured chunksize below 5 MiB is raised to 5 MiB for uploads (ChunksizeAdjuster): 11 MiB with
/// chunksize 1 MiB goes up in 3 parts, not 11 (and s3s-fs would refuse 1 MiB parts as EntityTooSmall).
fn upload_small_chunksize_is_raised_to_5mib(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(11 * MIB, 3);
    let tm = manager(server.sdk_client(), config_sized(engine, MIB, MIB));
    let fut = tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "obj").start().expect("start");
    finish_ok(&fut);
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").expect("object"), &data, "stored object");
    let etag = head(server.sdk_client(), "obj").e_tag().unwrap().to_owned();
    assert_eq!(etag_parts(&etag), Some(3), "11 MiB in 5 MiB parts (ETag {etag})");
    assert!(server.open_multipart_uploads().is_empty());
}

/// From a seekable reader positioned at byte 1000: only the bytes from the current position are
/// uploaded, both as a single PUT and as a multipart upload.
fn upload_from_seekable_reader_starts_at_current_position(engine: Engine) {
    use std::io::{Seek, SeekFrom};
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let dir = tempfile::tempdir().unwrap();
    for (key, len) in [("small", 100 * KIB), ("large", 11 * MIB)] {
        let data = test_bytes(len, len as u64);
        let path = write_file(dir.path(), key, &data);
        let mut file = std::fs::File::open(&path).unwrap();
        file.seek(SeekFrom::Start(1000)).unwrap();
        let rec = Recorder::new();
        let fut = tm
            .upload(UploadSource::seekable(tokio::fs::File::from_std(file)), BUCKET, key)
            .subscriber(rec.clone())
            .start()
            .expect("start");
        finish_ok(&fut);
        assert_bytes_eq(&server.object_bytes(BUCKET, key).expect("object"), &data[1000..], key);
        rec.assert_success(len - 1000);
    }
    // An in-memory cursor is seekable too.
    let data = test_bytes(300 * KIB, 9);
    let mut cursor = std::io::Cursor::new(data.clone());
    cursor.set_position(10);
    let fut = tm.upload(UploadSource::seekable(cursor), BUCKET, "cursor").start().expect("start");
    finish_ok(&fut);
    assert_bytes_eq(&server.object_bytes(BUCKET, "cursor").expect("object"), &data[10..], "cursor");
    assert!(server.open_multipart_uploads().is_empty());
}

/// From a non-seekable reader (unknown size): below the threshold one PUT, at and above it multipart;
/// `meta().size()` stays unknown and progress still adds up to what was sent.
fn upload_from_nonseekable_reader(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    for (key, len, parts) in [("empty", 0, None), ("below", T - 1, None), ("exact", T, Some(1)), ("above", 2 * T + 7, Some(3))] {
        let data = test_bytes(len, len as u64 + 5);
        let rec = Recorder::new();
        let fut = tm
            .upload(UploadSource::reader(ChunkedReader::new(data.clone(), 100_000)), BUCKET, key)
            .subscriber(rec.clone())
            .start()
            .expect("start");
        finish_ok(&fut);
        assert_bytes_eq(&server.object_bytes(BUCKET, key).expect("object"), &data, key);
        let etag = head(server.sdk_client(), key).e_tag().unwrap().to_owned();
        assert_eq!(etag_parts(&etag), parts, "{key}: parts (ETag {etag})");
        rec.assert_order();
        assert_eq!(rec.progress_total(), len as i64, "{key}: progress total");
        assert_eq!(fut.meta().size(), None, "{key}: a non-seekable stream's size stays unknown");
    }
    assert!(server.open_multipart_uploads().is_empty());
}

/// From a non-seekable OS stream (socket pair) through the blocking-reader adapter.
fn upload_from_blocking_reader_socket(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let data = test_bytes(7 * MIB + 3, 11);
    let fut = tm
        .upload(UploadSource::blocking_reader(pipe_source(data.clone())), BUCKET, "piped")
        .start()
        .expect("start");
    finish_ok(&fut);
    assert_bytes_eq(&server.object_bytes(BUCKET, "piped").expect("object"), &data, "piped");
    assert!(server.open_multipart_uploads().is_empty());
}

/// From bytes in memory, single and multipart, with size known.
fn upload_from_bytes(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    for (key, len) in [("empty", 0), ("small", 1234), ("large", T + 100)] {
        let data = test_bytes(len, 2);
        let rec = Recorder::new();
        let fut = tm
            .upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, key)
            .subscriber(rec.clone())
            .start()
            .expect("start");
        finish_ok(&fut);
        assert_bytes_eq(&server.object_bytes(BUCKET, key).expect("object"), &data, key);
        rec.assert_success(len);
    }
    assert!(server.open_multipart_uploads().is_empty());
}

/// Keys with slashes, spaces and non-ASCII characters reach the server as given.
fn upload_key_with_special_characters(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config(engine));
    let key = "dir one/sub+dir/ñame with spaces&more=1.txt";
    let data = test_bytes(1000, 4);
    finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, key).start().expect("start"));
    assert_eq!(server.object_bytes(BUCKET, key).as_deref(), Some(&data[..]));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("back");
    finish_ok(&tm.download(BUCKET, key, dest.clone()).start().expect("start"));
    assert_eq!(std::fs::read(&dest).unwrap(), data);
}

fn checksum_headers(r: &RecordedRequest) -> Vec<(String, String)> {
    r.headers
        .iter()
        .filter(|(k, v)| {
            k.starts_with("x-amz-checksum-")
                || k == "x-amz-sdk-checksum-algorithm"
                || (k == "x-amz-trailer" && v.contains("checksum"))
        })
        .cloned()
        .collect()
}

/// Checksums as s3transfer 0.17 sends them: by default (WhenSupported) every PutObject / UploadPart
/// carries a CRC32; with WhenRequired (for S3-compatible stores that reject flexible checksums) none
/// does. Checked on the headers the server received.
fn upload_checksum_default_crc32_and_when_required(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(6 * MIB, 61);

    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    for (key, len) in [("small", 1000), ("multi", data.len())] {
        server.clear_requests();
        finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data[..len].to_vec())), BUCKET, key).start().expect("start"));
        let bodies: Vec<_> =
            server.requests().into_iter().filter(|r| matches!(r.op.as_str(), "PutObject" | "UploadPart")).collect();
        assert!(!bodies.is_empty());
        for r in &bodies {
            let h = checksum_headers(r);
            let crc32 = h.iter().any(|(k, v)| {
                k == "x-amz-checksum-crc32"
                    || (k == "x-amz-sdk-checksum-algorithm" && v.eq_ignore_ascii_case("CRC32"))
                    || (k == "x-amz-trailer" && v.eq_ignore_ascii_case("x-amz-checksum-crc32"))
            });
            assert!(crc32, "{key}: {} must carry a CRC32 checksum by default: {h:?}", r.op);
        }
        assert_bytes_eq(&server.object_bytes(BUCKET, key).unwrap(), &data[..len], key);
    }

    let mut cfg = config_sized(engine, T, T);
    cfg.checksum_calculation = s3transfer::config::ChecksumCalculation::WhenRequired;
    let tm = manager(server.sdk_client(), cfg);
    for (key, len) in [("small-nock", 1000), ("multi-nock", data.len())] {
        server.clear_requests();
        finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data[..len].to_vec())), BUCKET, key).start().expect("start"));
        for r in server.requests().iter().filter(|r| matches!(r.op.as_str(), "PutObject" | "UploadPart")) {
            assert!(checksum_headers(r).is_empty(), "{key}: WhenRequired sends no checksum on {}: {:?}", r.op, checksum_headers(r));
        }
        assert_bytes_eq(&server.object_bytes(BUCKET, key).unwrap(), &data[..len], key);
    }
}

/// A source that fails mid-way through a multipart upload: the transfer fails with the I/O error, the
/// multipart upload is aborted, no object appears.
fn upload_source_error_aborts_multipart(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let rec = Recorder::new();
    let fut = tm
        .upload(UploadSource::reader(FailingReader::new(test_bytes(7 * MIB, 64))), BUCKET, "obj")
        .subscriber(rec.clone())
        .start()
        .expect("start");
    let err = finish_err(&fut);
    assert!(matches!(err, TransferError::Io { .. }), "expected the source's I/O error, got {err:?}");
    assert!(err.to_string().contains("source broke"), "the cause is kept: {err}");
    rec.assert_order();
    assert!(server.open_multipart_uploads().is_empty(), "multipart upload aborted");
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
}

/// A stream with `max_in_memory_upload_chunks = 1` (one part buffered at a time) still uploads
/// correctly.
fn upload_stream_with_one_in_memory_chunk(engine: Engine) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let mut cfg = config_sized(engine, T, T);
    cfg.max_in_memory_upload_chunks = 1;
    let tm = manager(server.sdk_client(), cfg);
    let data = test_bytes(16 * MIB + 5, 65);
    let fut = tm.upload(UploadSource::reader(ChunkedReader::new(data.clone(), 200_000)), BUCKET, "obj").start().expect("start");
    finish_ok(&fut);
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").unwrap(), &data, "uploaded");
    let etag = head(server.sdk_client(), "obj").e_tag().unwrap().to_owned();
    assert_eq!(etag_parts(&etag), Some(4));
}

/// The 10,000-part rule seen by the server, without uploading 78 GiB: a stream whose size a subscriber
/// declares as 80,000 MiB + 1 makes the part size double from 8 MiB to 16 MiB (s3transfer sizes parts
/// from the declared size and reads the stream to its end). The stream really holds 20 MiB, so the
/// server sees 16 MiB + 4 MiB = 2 parts (3 parts of 8 MiB without the adjustment).
///
/// A library may instead refuse a stream that ends before its declared size; then the error must be
/// clear and nothing may be left on the server.
fn upload_part_size_doubles_for_10000_parts(engine: Engine) {
    struct Declare(u64);
    impl Subscriber for Declare {
        fn on_queued(&self, future: &TransferFuture) {
            future.meta().provide_transfer_size(self.0);
        }
    }
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let tm = manager(server.sdk_client(), config(engine)); // 8 MiB threshold and chunksize
    let data = test_bytes(20 * MIB, 79);
    let declared = 80_000 * MIB as u64 + 1;
    let fut = tm
        .upload(UploadSource::reader(ChunkedReader::new(data.clone(), 256 * KIB)), BUCKET, "obj")
        .subscriber(std::sync::Arc::new(Declare(declared)))
        .start()
        .expect("start");
    match finish(&fut) {
        Ok(()) => {
            assert_bytes_eq(&server.object_bytes(BUCKET, "obj").unwrap(), &data, "uploaded");
            let etag = head(server.sdk_client(), "obj").e_tag().unwrap().to_owned();
            assert_eq!(etag_parts(&etag), Some(2), "16 MiB parts for a declared 80,000 MiB + 1 (ETag {etag})");
        }
        Err(err) => {
            eprintln!("short stream refused: {err}");
            assert!(!err.is_cancelled(), "{err:?}");
            assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
        }
    }
    assert!(server.open_multipart_uploads().is_empty());
}

/// Uploading a stream while S3 is slow to answer: the library reads only a bounded number of parts
/// ahead (`max_in_memory_upload_chunks`), not the whole stream into memory.
fn upload_stream_read_ahead_is_bounded(engine: Engine) {
    use std::time::Duration;
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    // Every response is held 2 s: parts stay in flight while the test looks.
    let proxy = FaultProxy::start(server.addr(), FaultPlan::latency(Duration::from_secs(2)));
    let mut cfg = config_sized(engine, T, T);
    cfg.max_in_memory_upload_chunks = 2;
    let tm = manager(proxy.sdk_client(), cfg);
    let reader = CountingReader::new(test_bytes(80 * MIB, 81));
    let taken = reader.taken.clone();
    let fut = tm.upload(UploadSource::reader(reader), BUCKET, "obj").start().expect("start");
    let deadline = std::time::Instant::now() + WAIT;
    while server.requests_of("UploadPart").is_empty() {
        assert!(std::time::Instant::now() < deadline, "no UploadPart reached the server");
        assert!(!fut.done(), "{:?}", fut.result());
        std::thread::sleep(Duration::from_millis(5));
    }
    // No UploadPart can have been answered for the next 2 s; let the reader run ahead meanwhile.
    // (A slow machine only weakens this check.)
    std::thread::sleep(Duration::from_millis(800));
    let read = taken.load(std::sync::atomic::Ordering::SeqCst);
    eprintln!("read ahead: {} MiB", read / MIB);
    fut.cancel();
    let err = finish_err(&fut);
    assert!(err.is_cancelled(), "{err:?}");
    assert!(
        read <= (2 + 2) * T,
        "{} MiB of the stream read while 2 parts may be in memory: memory grows with the stream",
        read / MIB
    );
    assert!(server.open_multipart_uploads().is_empty());
}

/// The completion lists every part once, in order, each with the ETag its UploadPart got (s3s-fs:
/// the MD5 of the part) and, where it carries one, the CRC32 of exactly that part's bytes (the
/// default checksum), so S3 can check the assembled object against what was read from the source.
/// Engines differ in where that checksum comes from: the CRT lists the CRC32 it computed; classic, as
/// s3transfer, echoes the checksum S3 returns from UploadPart — s3s-fs returns none, so here classic
/// lists none (against S3 it lists S3's).
fn complete_lists_every_part_with_its_checksum(engine: Engine) {
    use md5::Digest;
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(12 * MIB + 3, 90);
    let tm = manager(server.sdk_client(), config_sized(engine, 5 * MIB, 5 * MIB));
    finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "obj").start().expect("start"));
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").unwrap(), &data, "stored");
    let completions = server.completions();
    assert_eq!(completions.len(), 1, "{completions:?}");
    let parts = &completions[0].parts;
    assert_eq!(parts.iter().map(|p| p.0).collect::<Vec<_>>(), vec![1, 2, 3], "{parts:?}");
    for (i, (number, etag, sums)) in parts.iter().enumerate() {
        let chunk = &data[i * 5 * MIB..((i + 1) * 5 * MIB).min(data.len())];
        let md5: String = md5::Md5::digest(chunk).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(etag.trim_matches('"'), md5, "part {number}'s ETag");
        let crc = crc_fast::checksum(crc_fast::CrcAlgorithm::Crc32IsoHdlc, chunk) as u32;
        let crc = aws_smithy_types::base64::encode(crc.to_be_bytes());
        if engine == Engine::Crt {
            assert_eq!(sums, &vec![("CRC32", crc)], "part {number}'s checksum");
        } else {
            assert!(sums.is_empty() || sums == &vec![("CRC32", crc)], "part {number}'s checksum: {sums:?}");
        }
    }
}

engine_tests! {
    upload_empty_file,
    upload_below_threshold_is_single_put,
    upload_at_threshold_is_one_part_multipart,
    upload_above_threshold_is_two_parts,
    upload_multipart_three_parts,
    complete_lists_every_part_with_its_checksum,
    upload_small_chunksize_is_raised_to_5mib,
    upload_part_size_doubles_for_10000_parts => refused(StreamUpload, "the declared-size stream is a stream upload"),
    upload_from_seekable_reader_starts_at_current_position => refused(StreamUpload, "the CRT engine uploads files and bytes, not streams"),
    upload_from_nonseekable_reader => refused(StreamUpload, "the CRT engine uploads files and bytes, not streams"),
    upload_from_blocking_reader_socket => refused(StreamUpload, "the CRT engine uploads files and bytes, not streams"),
    upload_from_bytes,
    upload_key_with_special_characters,
    upload_checksum_default_crc32_and_when_required,
    upload_source_error_aborts_multipart => refused(StreamUpload, "the failing source is a stream"),
    upload_stream_with_one_in_memory_chunk => refused(StreamUpload, "stream upload; max_in_memory_upload_chunks is a classic-engine option"),
    upload_stream_read_ahead_is_bounded => refused(StreamUpload, "stream upload; read-ahead bounds are a classic-engine option"),
}
