//! Classic-engine benchmark client: `classic_bench ENDPOINT OP SIZE_MIB [COUNT]` where OP is
//! `upload` (file -> key), `download` (key -> file), `upload-many`, `download-many`, `copy`.
//! Prints one line: op, bytes, wall seconds, MiB/s, client CPU seconds, CPU s/GiB, peak RSS MiB.
#[path = "../tests/support/server.rs"]
mod server;

use std::time::Instant;

use s3transfer::{CopySource, Engine, TransferConfig, TransferManager};

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = 100.0; // CLK_TCK on Linux x86_64
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / ticks
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap() / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let endpoint = &args[1];
    let op = args[2].as_str();
    let size_mib: u64 = args[3].parse().unwrap();
    let count: usize = args.get(4).map(|c| c.parse().unwrap()).unwrap_or(1);
    let size = size_mib * 1024 * 1024;
    let size = if op.ends_with("-many") { 64 * 1024 } else { size };
    let work = std::env::var("BENCH_WORK").unwrap_or_else(|_| "/dev/shm/s3t-bench-client".into());
    std::fs::create_dir_all(&work).unwrap();
    let src = std::path::Path::new(&work).join(format!("src-{size}"));
    if (op.starts_with("upload") || op == "raw-put" || op == "raw-mpu") && std::fs::metadata(&src).map(|m| m.len()) .ok() != Some(size) {
        // Written in 8 MiB pieces so generating the source does not count in the client's peak RSS.
        use std::io::Write;
        let mut f = std::fs::File::create(&src).unwrap();
        let mut left = size;
        let mut seed = 7;
        while left > 0 {
            let n = left.min(8 << 20);
            f.write_all(&server::test_bytes(n as usize, seed)).unwrap();
            left -= n;
            seed += 1;
        }
    }

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = rt.block_on(async {
        let creds = aws_sdk_s3::config::Credentials::new(server::ACCESS_KEY, server::SECRET_KEY, None, None, "bench");
        let conf = aws_sdk_s3::Config::builder()
            .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
            .region(aws_sdk_s3::config::Region::new(server::REGION))
            .endpoint_url(endpoint)
            .force_path_style(true)
            .credentials_provider(creds)
            .build();
        aws_sdk_s3::Client::from_conf(conf)
    });
    if op.starts_with("raw-") {
        return raw(&rt, &client, op, size, size_mib, &src, &work);
    }
    let tm = TransferManager::new(client, TransferConfig::builder().engine(Engine::Classic).build().unwrap()).unwrap();
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let mut bytes = 0u64;
    match op {
        "upload" => {
            tm.upload(src.as_path(), "bench", &format!("obj-{size_mib}")).start().unwrap().result().unwrap();
            bytes = size;
        }
        "download" => {
            let dst = std::path::Path::new(&work).join("dst");
            tm.download("bench", &format!("obj-{size_mib}"), dst.as_path()).start().unwrap().result().unwrap();
            bytes = std::fs::metadata(&dst).unwrap().len();
        }
        "copy" => {
            tm.copy(CopySource::new("bench", format!("obj-{size_mib}")), "bench", &format!("copy-{size_mib}"))
                .start()
                .unwrap()
                .result()
                .unwrap();
            bytes = size;
        }
        "upload-many" => {
            let futs: Vec<_> =
                (0..count).map(|i| tm.upload(src.as_path(), "bench", &format!("small/{i}")).start().unwrap()).collect();
            for f in futs {
                f.result().unwrap();
                bytes += size;
            }
        }
        "download-many" => {
            let dir = std::path::Path::new(&work).join("many");
            std::fs::create_dir_all(&dir).unwrap();
            let futs: Vec<_> = (0..count)
                .map(|i| tm.download("bench", &format!("small/{i}"), dir.join(i.to_string())).start().unwrap())
                .collect();
            for f in futs {
                f.result().unwrap();
                bytes += size;
            }
        }
        _ => panic!("unknown op {op}"),
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let _ = std::fs::remove_file(std::path::Path::new(&work).join("dst"));
    let _ = std::fs::remove_dir_all(std::path::Path::new(&work).join("many"));
    let gib = bytes as f64 / (1u64 << 30) as f64;
    println!(
        "rust-classic {op} bytes={bytes} count={count} wall={wall:.3}s MiB/s={:.1} obj/s={:.1} cpu={cpu:.2}s cpu/GiB={:.2} peakRSS={:.1}MiB",
        bytes as f64 / wall / 1048576.0,
        count as f64 / wall,
        cpu / gib,
        peak_rss_mib()
    );
}

/// The raw-HTTP ceiling: no transfer manager. `raw-put`: one PutObject of the whole file with an
/// unsigned payload and no checksum; `raw-get`: 10 parallel ranged GETs of 8 MiB, bodies discarded.
fn raw(
    rt: &tokio::runtime::Runtime,
    client: &aws_sdk_s3::Client,
    op: &str,
    size: u64,
    size_mib: u64,
    src: &std::path::Path,
    _work: &str,
) {
    use aws_sdk_s3::config::RequestChecksumCalculation;
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let key = format!("obj-{size_mib}");
    let rt2 = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let _ = rt;
    let bytes = rt2.block_on(async {
        match op {
            "raw-put" => {
                let body = aws_sdk_s3::primitives::ByteStream::from_path(src).await.unwrap();
                client
                    .put_object()
                    .bucket("bench")
                    .key("raw-put")
                    .body(body)
                    .customize()
                    .config_override(
                        aws_sdk_s3::config::Builder::default()
                            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired),
                    )
                    .disable_payload_signing()
                    .send()
                    .await
                    .unwrap();
                size
            }
            "raw-mpu" => {
                // Multipart without a transfer manager: parts read into memory up front, 10 in flight,
                // unsigned payloads, no checksums.
                let data = bytes::Bytes::from(std::fs::read(src).unwrap());
                let part = 8u64 << 20;
                let n = size.div_ceil(part);
                let id = client.create_multipart_upload().bucket("bench").key("raw-mpu").send().await.unwrap().upload_id.unwrap();
                let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(10));
                let mut set = tokio::task::JoinSet::new();
                for i in 0..n {
                    let permit = sem.clone().acquire_owned().await.unwrap();
                    let (c, id) = (client.clone(), id.clone());
                    let body = data.slice((i * part) as usize..((i + 1) * part).min(size) as usize);
                    set.spawn(async move {
                        let _p = permit;
                        let out = c
                            .upload_part()
                            .bucket("bench")
                            .key("raw-mpu")
                            .upload_id(id)
                            .part_number(i as i32 + 1)
                            .body(body.into())
                            .customize()
                            .config_override(
                                aws_sdk_s3::config::Builder::default()
                                    .request_checksum_calculation(RequestChecksumCalculation::WhenRequired),
                            )
                            .disable_payload_signing()
                            .send()
                            .await
                            .unwrap();
                        aws_sdk_s3::types::CompletedPart::builder().part_number(i as i32 + 1).set_e_tag(out.e_tag).build()
                    });
                }
                let mut parts = Vec::new();
                while let Some(r) = set.join_next().await {
                    parts.push(r.unwrap());
                }
                parts.sort_by_key(|p| p.part_number);
                client
                    .complete_multipart_upload()
                    .bucket("bench")
                    .key("raw-mpu")
                    .upload_id(id)
                    .multipart_upload(aws_sdk_s3::types::CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
                    .send()
                    .await
                    .unwrap();
                size
            }
            "raw-get" => {
                let part = 8u64 << 20;
                let n = size.div_ceil(part);
                let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(10));
                let mut set = tokio::task::JoinSet::new();
                for i in 0..n {
                    let permit = sem.clone().acquire_owned().await.unwrap();
                    let c = client.clone();
                    let key = key.clone();
                    set.spawn(async move {
                        let _p = permit;
                        let end = ((i + 1) * part).min(size) - 1;
                        let out = c
                            .get_object()
                            .bucket("bench")
                            .key(key)
                            .range(format!("bytes={}-{}", i * part, end))
                            .send()
                            .await
                            .unwrap();
                        let mut body = out.body;
                        let mut got = 0u64;
                        while let Some(b) = body.next().await {
                            got += b.unwrap().len() as u64;
                        }
                        got
                    });
                }
                let mut total = 0;
                while let Some(r) = set.join_next().await {
                    total += r.unwrap();
                }
                total
            }
            _ => panic!("unknown op {op}"),
        }
    });
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    println!(
        "raw-http {op} bytes={bytes} wall={wall:.3}s MiB/s={:.1} cpu={cpu:.2}s cpu/GiB={:.2} peakRSS={:.1}MiB",
        bytes as f64 / wall / 1048576.0,
        cpu / (bytes as f64 / (1u64 << 30) as f64),
        peak_rss_mib()
    );
}
