//! Build script.
//!
//! With the `crt` feature (the default) this compiles the vendored AWS Common Runtime C libraries in
//! `vendor/` with the `cc` crate and links them into the crate, doing the work that CMake's configure
//! step does upstream: it probes the C compiler to render `aws/common/config.h`, picks the Linux
//! (epoll, s2n-tls, libcrypto) sources of each library per its `CMakeLists.txt`, compiles the SIMD
//! sources as separate objects with their own `-m` flags, and generates the one s2n header aws-c-io
//! wants that `s2n-tls-sys` does not export. libcrypto and TLS come from the `aws-lc-sys` and
//! `s2n-tls-sys` crates (their include dirs arrive as `DEP_*_INCLUDE`). The C is always built with
//! `-O2`, also in debug builds, so tests run at real speed.
//!
//! With the `bindgen` feature it also regenerates the Rust bindings into `$OUT_DIR/bindings.rs`
//! (needs libclang); `scripts/regen-bindings.sh` copies that to `src/crt/sys/bindings.rs`. A normal
//! build never runs bindgen: it uses the committed bindings.
//!
//! Without the `crt` feature (`--no-default-features`) it does nothing and no C is compiled.

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The vendored libraries, in dependency order (each depends only on libraries before it).
const LIBS: &[&str] = &[
    "aws-c-common",
    "aws-c-cal",
    "aws-c-io",
    "aws-c-compression",
    "aws-c-http",
    "aws-c-sdkutils",
    "aws-c-auth",
    "aws-checksums",
    "aws-c-s3",
];

/// Name of the archive holding our own C glue (`src/crt/sys/shim.c`).
const SHIM_LIB: &str = "s3transfer-crt-shim";

// Flag sets from aws-c-common/cmake/AwsSIMD.cmake (gcc/clang spelling).
const AVX2_FLAGS: &[&str] = &["-mavx", "-mavx2"];
const AVX512_FLAGS: &[&str] = &["-mavx512f", "-mvpclmulqdq"];
const AVX512VL_FLAGS: &[&str] = &["-mavx512vl"];
const CLMUL_FLAGS: &[&str] = &["-mpclmul"];
const SSE42_FLAGS: &[&str] = &["-msse4.2"];
const ARMV8_1_FLAGS: &[&str] = &["-march=armv8-a+crc+crypto"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if env::var_os("CARGO_FEATURE_CRT").is_none() {
        // The classic engine alone: no C at all.
        return;
    }

    let target_os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os != "linux" {
        fail(&format!(
            "the `crt` feature builds the vendored AWS CRT for Linux only (target OS is `{target_os}`).\n\
             Build without it: cargo build --no-default-features"
        ));
    }

    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    let vendor = manifest_dir.join("vendor");
    for lib in LIBS {
        let dir = vendor.join(lib);
        if !dir.join("CMakeLists.txt").is_file() {
            fail(&format!(
                "{} is missing. vendor/ must hold the CRT sources (they are committed; \
                 scripts/import-vendor.sh re-creates them).",
                dir.display()
            ));
        }
        println!("cargo:rerun-if-changed={}", dir.display());
    }
    let shim_dir = manifest_dir.join("src/crt/sys");
    println!("cargo:rerun-if-changed={}", shim_dir.join("shim.c").display());
    println!("cargo:rerun-if-changed={}", shim_dir.join("shim.h").display());

    // cc would print these itself, but we turn its cargo metadata off to control link order.
    let target = env::var("TARGET").unwrap_or_default();
    let target_us = target.replace('-', "_");
    for var in ["CC", "CFLAGS", "TARGET_CC", "TARGET_CFLAGS", "CRATE_CC_NO_DEFAULTS"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    for var in ["CC", "CFLAGS"] {
        println!("cargo:rerun-if-env-changed={var}_{target}");
        println!("cargo:rerun-if-env-changed={var}_{target_us}");
    }

    check_compiler();

    let started = std::time::Instant::now();
    let ctx = Ctx::new(manifest_dir, vendor, out_dir.clone());
    ctx.write_generated_headers();
    let configured = started.elapsed();

    #[cfg(feature = "bindgen")]
    bindings::generate(&ctx);

    let compile_start = std::time::Instant::now();
    ctx.compile_all();
    // A record of where the build script's time went (read by people measuring build times).
    let _ = fs::write(
        out_dir.join("crt-build-time.txt"),
        format!(
            "configure (probes + headers): {:.2} s\ncompile + archive: {:.2} s\n",
            configured.as_secs_f64(),
            compile_start.elapsed().as_secs_f64()
        ),
    );
}

/// Abort the build with a message that says what to do.
fn fail(msg: &str) -> ! {
    eprintln!("\nerror: s3transfer build script: {msg}\n");
    panic!("s3transfer build script: {msg}");
}

/// Make sure there is a working C compiler before doing anything else.
fn check_compiler() {
    let tool = match cc::Build::new().try_get_compiler() {
        Ok(tool) => tool,
        Err(e) => fail(&format!(
            "no C compiler found ({e}). The `crt` feature compiles the vendored AWS CRT and needs gcc \
             (e.g. `apt-get install gcc`), or set CC. To build without the CRT: \
             cargo build --no-default-features"
        )),
    };
    let ok = tool
        .to_command()
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        fail(&format!(
            "the C compiler `{}` cannot be run. The `crt` feature compiles the vendored AWS CRT and \
             needs gcc (e.g. `apt-get install gcc`), or set CC to a working compiler. To build \
             without the CRT: cargo build --no-default-features",
            tool.path().display()
        ));
    }
}

/// Results of the configure-time compiler probes.
#[derive(Debug, Default, Clone)]
struct Features {
    /// `#cmakedefine` names of aws/common/config.h.in that are on.
    config: BTreeMap<&'static str, bool>,
    arch_arm32: bool,
    arm32_crc: bool,
    have_sysconf: bool,
    lfs_needs_define: bool,
    setname_2args: bool,
    getname_2args: bool,
    getname_3args: bool,
    affinity_pthread_attr: bool,
    affinity_pthread: bool,
}

impl Features {
    fn on(&self, name: &str) -> bool {
        self.config.get(name).copied().unwrap_or(false)
    }
}

struct Ctx {
    vendor: PathBuf,
    /// Where bindgen writes bindings.rs (feature `bindgen`).
    #[cfg_attr(not(feature = "bindgen"), allow(dead_code))]
    out_dir: PathBuf,
    /// Generated headers (aws/common/config.h, s2n/unstable/cleanup.h).
    gen_include: PathBuf,
    /// Where objects and archives go.
    lib_dir: PathBuf,
    shim_dir: PathBuf,
    aws_lc_include: PathBuf,
    s2n_include: PathBuf,
    features: Features,
}

impl Ctx {
    fn new(manifest_dir: PathBuf, vendor: PathBuf, out_dir: PathBuf) -> Ctx {
        let gen_include = out_dir.join("include");
        let lib_dir = out_dir.join("crt");
        fs::create_dir_all(&gen_include).expect("create OUT_DIR/include");
        fs::create_dir_all(&lib_dir).expect("create OUT_DIR/crt");
        let aws_lc_include = dep_include_dir("DEP_AWS_LC_", "aws-lc-sys");
        let s2n_include = dep_include_dir("DEP_S2N_TLS_", "s2n-tls-sys");
        let features = probe_features(&out_dir.join("probes"));
        Ctx {
            vendor,
            out_dir,
            gen_include,
            lib_dir,
            shim_dir: manifest_dir.join("src/crt/sys"),
            aws_lc_include,
            s2n_include,
            features,
        }
    }

    fn lib(&self, name: &str) -> PathBuf {
        self.vendor.join(name)
    }

    /// Every public include dir, generated headers first.
    fn include_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.gen_include.clone()];
        dirs.extend(LIBS.iter().map(|l| self.lib(l).join("include")));
        dirs
    }

    /// Render aws/common/config.h from its template (what CMake's configure_file does) and write
    /// <s2n/unstable/cleanup.h>, which aws-c-io includes but s2n-tls-sys does not export.
    fn write_generated_headers(&self) {
        let template_path = self.lib("aws-c-common").join("include/aws/common/config.h.in");
        let template = fs::read_to_string(&template_path)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", template_path.display())));
        let mut out = String::new();
        for line in template.lines() {
            if let Some(name) = line.trim().strip_prefix("#cmakedefine ") {
                let name = name.trim();
                let Some(&on) = self.features.config.get(name) else {
                    fail(&format!(
                        "{} has `#cmakedefine {name}`, which build.rs does not know; teach \
                         probe_features() about it",
                        template_path.display()
                    ));
                };
                if on {
                    out.push_str(&format!("#define {name}\n"));
                } else {
                    out.push_str(&format!("/* #undef {name} */\n"));
                }
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        write_if_changed(&self.gen_include.join("aws/common/config.h"), &out);

        let cleanup_h = "\
/* Generated by s3transfer's build.rs: s2n-tls-sys exports only s2n.h, but aws-c-io includes this
 * header of s2n-tls's unstable API. The declaration matches s2n-tls's api/unstable/cleanup.h. */
#pragma once
#include <s2n.h>
#ifdef __cplusplus
extern \"C\" {
#endif
S2N_API extern int s2n_cleanup_thread(void);
#ifdef __cplusplus
}
#endif
";
        write_if_changed(&self.gen_include.join("s2n/unstable/cleanup.h"), cleanup_h);
    }

    /// A `cc::Build` with the flags every library gets (aws-c-common/cmake/AwsCFlags.cmake in a
    /// Release configuration, plus -O2 regardless of the cargo profile).
    fn base_build(&self) -> cc::Build {
        let f = &self.features;
        let mut b = cc::Build::new();
        b.opt_level(2)
            .pic(true)
            .warnings(false)
            .extra_warnings(false)
            .cargo_metadata(false)
            .cargo_warnings(false)
            .out_dir(&self.lib_dir)
            .flag("-std=gnu99")
            .flag("-fvisibility=hidden")
            .define("NDEBUG", None)
            .define("INTEL_NO_ITTNOTIFY_API", None)
            .define("AWS_ENABLE_EPOLL", None);
        if f.have_sysconf {
            b.define("HAVE_SYSCONF", None);
        }
        if f.lfs_needs_define {
            b.define("_FILE_OFFSET_BITS", Some("64"));
        }
        for dir in self.include_dirs() {
            b.include(dir);
        }
        b
    }

    /// Compile one library: `sources` with `defines`, plus each `(files, flags)` group of `simd` as
    /// separate objects built with its own extra flags, all into lib<name>.a.
    fn compile_lib(
        &self,
        name: &str,
        sources: Vec<PathBuf>,
        defines: &[(&str, Option<&str>)],
        extra_includes: &[PathBuf],
        simd: Vec<(Vec<PathBuf>, Vec<&str>)>,
    ) {
        let configure = |b: &mut cc::Build| {
            for (k, v) in defines {
                b.define(k, *v);
            }
            for dir in extra_includes {
                b.include(dir);
            }
        };
        let mut objects = Vec::new();
        for (files, flags) in simd {
            if files.is_empty() {
                continue;
            }
            let mut b = self.base_build();
            configure(&mut b);
            for flag in flags {
                b.flag(flag);
            }
            b.files(files);
            objects.extend(
                b.try_compile_intermediates()
                    .unwrap_or_else(|e| fail(&format!("compiling {name} (SIMD sources): {e}"))),
            );
        }
        let mut b = self.base_build();
        configure(&mut b);
        b.files(sources);
        b.objects(objects);
        b.try_compile(name).unwrap_or_else(|e| fail(&format!("compiling {name}: {e}")));
    }

    fn compile_all(&self) {
        let intel = self.features.on("AWS_ARCH_INTEL");
        let arm64 = self.features.on("AWS_ARCH_ARM64");
        let cpu_ext = self.features.on("AWS_USE_CPU_EXTENSIONS");
        let f = &self.features;

        // The libraries are independent to compile; build them side by side (cc shares cargo's
        // jobserver, so this never runs more compilers than cargo allows).
        std::thread::scope(|s| {
            let handles = vec![
                s.spawn(|| self.build_common(intel, arm64, cpu_ext)),
                s.spawn(|| {
                    let d = self.lib("aws-c-cal");
                    let mut src = c_files(&d.join("source"));
                    src.extend(c_files(&d.join("source/unix")));
                    for f in ["ed25519.c", "lccrypto_common.c", "ref_hkdf.c"] {
                        src.push(d.join("source/shared").join(f));
                    }
                    self.compile_lib("aws-c-cal", src, &[], std::slice::from_ref(&self.aws_lc_include), vec![]);
                }),
                s.spawn(|| {
                    let d = self.lib("aws-c-io");
                    let mut src = c_files(&d.join("source"));
                    src.extend(c_files(&d.join("source/linux")));
                    src.extend(c_files(&d.join("source/posix")));
                    src.extend(c_files(&d.join("source/s2n")));
                    self.compile_lib(
                        "aws-c-io",
                        src,
                        &[("USE_S2N", None)],
                        &[self.s2n_include.clone(), self.aws_lc_include.clone()],
                        vec![],
                    );
                }),
                s.spawn(|| self.simple_lib("aws-c-compression", &[])),
                s.spawn(|| self.simple_lib("aws-c-http", &[])),
                s.spawn(|| self.simple_lib("aws-c-sdkutils", &[])),
                s.spawn(|| self.simple_lib("aws-c-auth", &[("CJSON_HIDE_SYMBOLS", None)])),
                s.spawn(|| self.build_checksums(f, intel, arm64, cpu_ext)),
                s.spawn(|| self.build_s3()),
                s.spawn(|| {
                    self.compile_lib(SHIM_LIB, vec![self.shim_dir.join("shim.c")], &[], &[], vec![])
                }),
            ];
            for h in handles {
                if let Err(panic) = h.join() {
                    std::panic::resume_unwind(panic);
                }
            }
        });

        // Link order: dependents before their dependencies.
        println!("cargo:rustc-link-search=native={}", self.lib_dir.display());
        println!("cargo:rustc-link-lib=static={SHIM_LIB}");
        for lib in [
            "aws-c-s3",
            "aws-c-auth",
            "aws-c-sdkutils",
            "aws-c-http",
            "aws-c-compression",
            "aws-c-io",
            "aws-checksums",
            "aws-c-cal",
            "aws-c-common",
        ] {
            println!("cargo:rustc-link-lib=static={lib}");
        }
        // libcrypto (aws-lc-sys) and libs2n (s2n-tls-sys) come with those crates' rlibs; see the
        // `extern crate` lines in src/crt/sys/mod.rs. System libraries (pthread, dl, m, rt) are
        // linked by std already on Linux; name them anyway for -Wl,--as-needed linkers.
        for sys in ["dl", "m", "pthread", "rt"] {
            println!("cargo:rustc-link-lib=dylib={sys}");
        }
    }

    fn simple_lib(&self, name: &str, defines: &[(&str, Option<&str>)]) {
        let src = c_files(&self.lib(name).join("source"));
        self.compile_lib(name, src, defines, &[], vec![]);
    }

    fn build_common(&self, intel: bool, arm64: bool, cpu_ext: bool) {
        let f = &self.features;
        let d = self.lib("aws-c-common");
        let mut src = c_files(&d.join("source"));
        src.extend(c_files(&d.join("source/posix")));
        src.extend(c_files(&d.join("source/linux")));
        src.extend(c_files(&d.join("source/external")));
        src.extend(c_files(&d.join("source/external/libcbor")));
        src.extend(c_files(&d.join("source/external/libcbor/cbor")));
        src.extend(c_files(&d.join("source/external/libcbor/cbor/internal")));
        let mut arch_src = Vec::new();
        if cpu_ext && intel {
            arch_src.push(d.join("source/arch/intel/cpuid.c"));
            arch_src.extend(c_files(&d.join("source/arch/intel/asm")));
        } else if cpu_ext && arm64 {
            arch_src.extend(c_files(&d.join("source/arch/arm/auxv")));
        } else {
            arch_src.extend(c_files(&d.join("source/arch/generic")));
        }
        src.extend(arch_src);

        let affinity = if f.affinity_pthread_attr {
            "AWS_AFFINITY_METHOD_PTHREAD_ATTR"
        } else if f.affinity_pthread {
            "AWS_AFFINITY_METHOD_PTHREAD"
        } else {
            println!("cargo:warning=no supported method for setting thread affinity");
            "AWS_AFFINITY_METHOD_NONE"
        };
        let mut defines: Vec<(&str, Option<&str>)> = vec![
            ("CJSON_HIDE_SYMBOLS", None),
            ("_POSIX_C_SOURCE", Some("200809L")),
            ("_XOPEN_SOURCE", Some("500")),
            ("AWS_AFFINITY_METHOD", Some(affinity)),
        ];
        if f.setname_2args {
            defines.push(("AWS_PTHREAD_SETNAME_TAKES_2ARGS", None));
        }
        if f.getname_2args {
            defines.push(("AWS_PTHREAD_GETNAME_TAKES_2ARGS", None));
        } else if f.getname_3args {
            defines.push(("AWS_PTHREAD_GETNAME_TAKES_3ARGS", None));
        }
        let mut simd = Vec::new();
        if f.on("AWS_HAVE_AVX2_INTRINSICS") {
            defines.push(("USE_SIMD_ENCODING", None));
            simd.push((vec![d.join("source/arch/intel/encoding_avx2.c")], AVX2_FLAGS.to_vec()));
        }
        self.compile_lib(
            "aws-c-common",
            src,
            &defines,
            &[d.join("source/external/libcbor")],
            simd,
        );
    }

    fn build_checksums(&self, f: &Features, intel: bool, arm64: bool, cpu_ext: bool) {
        let d = self.lib("aws-checksums");
        let src = c_files(&d.join("source"));
        let mut simd: Vec<(Vec<PathBuf>, Vec<&str>)> = Vec::new();
        if cpu_ext && intel {
            // aws-checksums/CMakeLists.txt, non-MSVC branch.
            let intel_dir = d.join("source/intel");
            if f.on("AWS_HAVE_GCC_INLINE_ASM") {
                simd.push((vec![intel_dir.join("asm/crc32c_sse42_asm.c")], SSE42_FLAGS.to_vec()));
            }
            let mut uber: Vec<&str> = Vec::new();
            if f.on("AWS_HAVE_AVX512_INTRINSICS") {
                uber.extend(AVX512_FLAGS);
                uber.extend(AVX512VL_FLAGS);
                uber.extend(AVX2_FLAGS);
                let flags = [AVX512_FLAGS, AVX512VL_FLAGS, AVX2_FLAGS, CLMUL_FLAGS, SSE42_FLAGS].concat();
                simd.push((vec![intel_dir.join("intrin/crc64nvme_avx512.c")], flags));
            }
            if f.on("AWS_HAVE_CLMUL") {
                uber.extend(CLMUL_FLAGS);
            }
            uber.extend(SSE42_FLAGS);
            simd.push((vec![intel_dir.join("intrin/crc32c_sse42_avx512.c")], uber));
            if f.on("AWS_HAVE_CLMUL") {
                let flags = [AVX2_FLAGS, CLMUL_FLAGS, SSE42_FLAGS].concat();
                simd.push((vec![intel_dir.join("intrin/crc64nvme_clmul.c")], flags));
            }
        } else if cpu_ext && (arm64 || (f.arch_arm32 && f.arm32_crc)) {
            let arm_dir = d.join("source/arm");
            simd.push((
                vec![arm_dir.join("crc32c_arm.c"), arm_dir.join("crc64_arm.c")],
                ARMV8_1_FLAGS.to_vec(),
            ));
        }
        self.compile_lib("aws-checksums", src, &[], &[], simd);
    }

    fn build_s3(&self) {
        let d = self.lib("aws-c-s3");
        let version_path = d.join("VERSION");
        let version = fs::read_to_string(&version_path)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", version_path.display())));
        let version_define = format!("\"{}\"", version.trim());
        let mut src = c_files(&d.join("source"));
        src.extend(c_files(&d.join("source/s3_endpoint_resolver")));
        self.compile_lib(
            "aws-c-s3",
            src,
            &[
                ("CJSON_HIDE_SYMBOLS", None),
                ("AWS_ENABLE_S3_ENDPOINT_RESOLVER", None),
                ("AWS_S3_CLIENT_VERSION", Some(&version_define)),
                // aws-checksums has no hardware CRC32 on x86 (only CRC32C and CRC64NVME): its
                // slice-by-16 loop was a quarter of an upload's CPU. aws-c-s3's one call site is
                // redirected to `s3t_crc32_ex` (src/crt/checksum.rs, SIMD via crc32fast). The vendored
                // files are untouched: this is a macro on aws-c-s3's compile line only.
                ("aws_checksums_crc32_ex", Some("s3t_crc32_ex")),
            ],
            &[],
            vec![],
        );
    }
}

/// The `*.c` files directly in `dir`, sorted (CMake's `file(GLOB dir/*.c)`).
fn c_files(dir: &Path) -> Vec<PathBuf> {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", dir.display())));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("read_dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "c") && p.is_file())
        .collect();
    files.sort();
    files
}

fn write_if_changed(path: &Path, content: &str) {
    if fs::read_to_string(path).ok().as_deref() == Some(content) {
        return;
    }
    fs::create_dir_all(path.parent().expect("parent")).expect("create header dir");
    fs::write(path, content).unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
}

/// The include dir a `links` dependency exported as `DEP_<LINKS>_INCLUDE`. aws-lc-sys's links name
/// carries its version (`aws_lc_0_47_0`), so match on the prefix.
fn dep_include_dir(prefix: &str, krate: &str) -> PathBuf {
    let mut found: Vec<(String, String)> = env::vars()
        .filter(|(k, _)| k.starts_with(prefix) && k.ends_with("_INCLUDE"))
        .collect();
    found.sort();
    match found.as_slice() {
        [(_, dir)] => PathBuf::from(dir),
        [] => fail(&format!(
            "no {prefix}*_INCLUDE variable from {krate}: it must be a direct dependency of this \
             crate (it is, under the `crt` feature; check Cargo.toml)"
        )),
        many => fail(&format!(
            "several {prefix}*_INCLUDE variables ({:?}): more than one version of {krate} in the \
             build; unify them in Cargo.lock",
            many.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>()
        )),
    }
}

/// Configure-time probes (aws-c-common/cmake/AwsFeatureTests.cmake, AwsSIMD.cmake, AwsCFlags.cmake,
/// AwsThreadName.cmake, AwsThreadAffinity.cmake): compile and link small programs with the target
/// compiler rather than assume what it supports.
fn probe_features(dir: &Path) -> Features {
    fs::create_dir_all(dir).expect("create probe dir");
    let base = cc::Build::new();
    let tool = base.get_compiler();

    struct Probe {
        name: &'static str,
        src: &'static str,
        flags: Vec<&'static str>,
    }
    let avx_flags: Vec<&str> = {
        // AVX_CFLAGS: each flag group only if the compiler accepts it.
        let mut v: Vec<&str> = Vec::new();
        let accepts = |flags: &[&str], n: &str| {
            compiles(&tool, dir, n, "int main(void) { return 0; }\n", &[flags, &["-Werror"]].concat())
        };
        if accepts(AVX512_FLAGS.iter().chain(CLMUL_FLAGS).copied().collect::<Vec<_>>().as_slice(), "flag_avx512") {
            v.extend(AVX512_FLAGS);
            v.extend(CLMUL_FLAGS);
        }
        if accepts(AVX2_FLAGS, "flag_avx2") {
            v.extend(AVX2_FLAGS);
        }
        v.extend(SSE42_FLAGS);
        v.push("-Werror");
        v
    };
    let arm_flags: Vec<&str> = [ARMV8_1_FLAGS, &["-Werror"]].concat();
    let gnu_pthread = vec!["-D_GNU_SOURCE", "-pthread"];
    let thread_src_start = "#define _GNU_SOURCE\n#include <pthread.h>\nint main(void) {\n pthread_t thread_id = pthread_self();\n";

    let probes = vec![
        Probe {
            name: "AWS_HAVE_GCC_OVERFLOW_MATH_EXTENSIONS",
            src: "#include <stdbool.h>\nbool foo(int a, int b, int *c) { return __builtin_mul_overflow(a, b, c); }\nint main(void) { int out; if (foo(1, 2, &out)) { return 0; } return 0; }\n",
            flags: vec![],
        },
        Probe {
            name: "AWS_HAVE_WINAPI_DESKTOP",
            src: "#include <windows.h>\n#if WINAPI_FAMILY_PARTITION(WINAPI_PARTITION_DESKTOP)\nint main(void) { return 0; }\n#else\nit's not windows desktop\n#endif\n",
            flags: vec![],
        },
        Probe {
            name: "AWS_ARCH_INTEL",
            src: "int main(void) {\n#if !(defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86))\n#error \"not intel\"\n#endif\nreturn 0; }\n",
            flags: vec![],
        },
        Probe {
            name: "AWS_ARCH_INTEL_X64",
            src: "int main(void) {\n#if !(defined(__x86_64__) || defined(_M_X64))\n#error \"not intel\"\n#endif\nreturn 0; }\n",
            flags: vec![],
        },
        Probe {
            name: "AWS_ARCH_ARM64",
            src: "int main(void) {\n#if !(defined(__aarch64__) || defined(_M_ARM64))\n#error \"not arm64\"\n#endif\nreturn 0; }\n",
            flags: vec![],
        },
        Probe {
            name: "AWS_ARCH_ARM32",
            src: "int main(void) {\n#if !(defined(__arm__) || defined(_M_ARM))\n#error \"not arm\"\n#endif\nreturn 0; }\n",
            flags: vec![],
        },
        Probe {
            name: "AWS_HAVE_GCC_INLINE_ASM",
            src: "int main(void) { int foo = 42, bar = 24; __asm__ __volatile__(\"\":\"=r\"(foo):\"r\"(bar):\"memory\"); return 0; }\n",
            flags: vec![],
        },
        Probe {
            name: "AWS_HAVE_EXECINFO",
            src: "#include <execinfo.h>\n#include <stdlib.h>\nint main(void) { backtrace(NULL, 0); return 0; }\n",
            flags: vec![],
        },
        Probe {
            name: "AWS_HAVE_LINUX_IF_LINK_H",
            src: "#include <linux/if_link.h>\nint main(void) { return 1; }\n",
            flags: vec![],
        },
        Probe {
            name: "AWS_HAVE_AVX2_INTRINSICS",
            src: "#include <immintrin.h>\n#include <emmintrin.h>\n#include <string.h>\nint main(void) { __m256i vec; memset(&vec, 0, sizeof(vec)); _mm256_shuffle_epi8(vec, vec); _mm256_set_epi32(1,2,3,4,5,6,7,8); _mm256_permutevar8x32_epi32(vec, vec); return 0; }\n",
            flags: avx_flags.clone(),
        },
        Probe {
            name: "AWS_HAVE_AVX512_INTRINSICS",
            src: "#include <immintrin.h>\nint main(void) { __m512 a = _mm512_setzero_ps(); (void)a; return 0; }\n",
            flags: avx_flags.clone(),
        },
        Probe {
            name: "AWS_HAVE_MM256_EXTRACT_EPI64",
            src: "#include <immintrin.h>\n#include <string.h>\nint main(void) { __m256i vec; memset(&vec, 0, sizeof(vec)); return (int)_mm256_extract_epi64(vec, 2); }\n",
            flags: avx_flags.clone(),
        },
        Probe {
            name: "AWS_HAVE_CLMUL",
            src: "#include <wmmintrin.h>\n#include <emmintrin.h>\nint main(void) { __m128i a = _mm_setzero_si128(); __m128i b = _mm_setzero_si128(); __m128i result = _mm_clmulepi64_si128(a, b, 0x00); (void)result; return 0; }\n",
            flags: avx_flags.clone(),
        },
        Probe {
            name: "AWS_HAVE_ARM32_CRC",
            src: "#include <arm_acle.h>\nint main(void) { int crc = __crc32d(0, 1); (void)crc; return 0; }\n",
            flags: arm_flags.clone(),
        },
        Probe {
            name: "AWS_HAVE_ARMv8_1",
            src: "#include <stdatomic.h>\nint main(void) { _Atomic int var = 0; atomic_fetch_add_explicit(&var, 1, memory_order_relaxed); return 0; }\n",
            flags: arm_flags.clone(),
        },
        Probe {
            name: "LFS_BY_DEFAULT",
            src: "#include <stdio.h>\ntypedef char array[sizeof(off_t) >= 8 ? 1 : -1];\nint main(void) { return fseeko(NULL, 0, 0) == 0 ? 0 : 1; }\n",
            flags: vec![],
        },
        Probe {
            name: "LFS_VIA_DEFINE",
            src: "#include <stdio.h>\ntypedef char array[sizeof(off_t) >= 8 ? 1 : -1];\nint main(void) { return fseeko(NULL, 0, 0) == 0 ? 0 : 1; }\n",
            flags: vec!["-D_FILE_OFFSET_BITS=64"],
        },
        Probe {
            name: "HAVE_SYSCONF",
            src: "#include <unistd.h>\nint main(void) { sysconf(_SC_NPROCESSORS_ONLN); return 0; }\n",
            flags: vec![],
        },
        Probe {
            name: "PTHREAD_SETNAME_TAKES_2ARGS",
            src: leak(format!("{thread_src_start} pthread_setname_np(thread_id, \"asdf\"); return 0; }}\n")),
            flags: gnu_pthread.clone(),
        },
        Probe {
            name: "PTHREAD_GETNAME_TAKES_2ARGS",
            src: leak(format!("{thread_src_start} char name[16] = {{0}}; pthread_getname_np(thread_id, name); return 0; }}\n")),
            flags: gnu_pthread.clone(),
        },
        Probe {
            name: "PTHREAD_GETNAME_TAKES_3ARGS",
            src: leak(format!("{thread_src_start} char name[16] = {{0}}; pthread_getname_np(thread_id, name, 16); return 0; }}\n")),
            flags: gnu_pthread.clone(),
        },
        Probe {
            name: "USE_PTHREAD_ATTR_SETAFFINITY",
            src: "#define _GNU_SOURCE\n#include <pthread.h>\nint main(void) { return (int)(long)(void *)&pthread_attr_setaffinity_np; }\n",
            flags: gnu_pthread.clone(),
        },
        Probe {
            name: "USE_PTHREAD_SETAFFINITY",
            src: "#define _GNU_SOURCE\n#include <pthread.h>\nint main(void) { return (int)(long)(void *)&pthread_setaffinity_np; }\n",
            flags: gnu_pthread.clone(),
        },
    ];

    // Run the probes two at a time (they are tiny compiles).
    let results: BTreeMap<&'static str, bool> = std::thread::scope(|s| {
        let handles: Vec<_> = probes
            .iter()
            .map(|p| {
                let tool = &tool;
                s.spawn(move || (p.name, compiles(tool, dir, p.name, p.src, &p.flags)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("probe thread")).collect()
    });
    let r = |n: &str| results.get(n).copied().unwrap_or(false);

    let mut config = BTreeMap::new();
    for name in [
        "AWS_HAVE_GCC_OVERFLOW_MATH_EXTENSIONS",
        "AWS_HAVE_GCC_INLINE_ASM",
        "AWS_HAVE_EXECINFO",
        "AWS_HAVE_WINAPI_DESKTOP",
        "AWS_HAVE_LINUX_IF_LINK_H",
        "AWS_HAVE_AVX2_INTRINSICS",
        "AWS_HAVE_AVX512_INTRINSICS",
        "AWS_HAVE_MM256_EXTRACT_EPI64",
        "AWS_HAVE_CLMUL",
        "AWS_HAVE_ARM32_CRC",
        "AWS_HAVE_ARMv8_1",
        "AWS_ARCH_ARM64",
        "AWS_ARCH_INTEL",
        "AWS_ARCH_INTEL_X64",
    ] {
        config.insert(name, r(name));
    }
    // Only MSVC has these.
    config.insert("AWS_HAVE_MSVC_INTRINSICS_X64", false);
    // USE_CPU_EXTENSIONS defaults to ON upstream.
    config.insert("AWS_USE_CPU_EXTENSIONS", true);
    let lfs_default = r("LFS_BY_DEFAULT");
    let lfs_define = !lfs_default && r("LFS_VIA_DEFINE");
    config.insert("AWS_HAVE_POSIX_LARGE_FILE_SUPPORT", lfs_default || lfs_define);

    let features = Features {
        config,
        arch_arm32: r("AWS_ARCH_ARM32"),
        arm32_crc: r("AWS_HAVE_ARM32_CRC"),
        have_sysconf: r("HAVE_SYSCONF"),
        lfs_needs_define: lfs_define,
        setname_2args: r("PTHREAD_SETNAME_TAKES_2ARGS"),
        getname_2args: r("PTHREAD_GETNAME_TAKES_2ARGS"),
        getname_3args: r("PTHREAD_GETNAME_TAKES_3ARGS"),
        affinity_pthread_attr: r("USE_PTHREAD_ATTR_SETAFFINITY"),
        affinity_pthread: r("USE_PTHREAD_SETAFFINITY"),
    };
    // Leave a record of what was found (shows with `cargo build -vv`, and in OUT_DIR).
    let summary = format!("{results:#?}\n{features:#?}\n");
    write_if_changed(&dir.join("results.txt"), &summary);
    features
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Does `src` compile and link with the target compiler and `flags`?
fn compiles(tool: &cc::Tool, dir: &Path, name: &str, src: &str, flags: &[&str]) -> bool {
    let c = dir.join(format!("{name}.c"));
    let exe = dir.join(format!("{name}.out"));
    fs::write(&c, src).expect("write probe source");
    let _ = fs::remove_file(&exe);
    let mut cmd = tool.to_command();
    cmd.args(flags).arg(&c).arg("-o").arg(&exe).stdout(Stdio::null()).stderr(Stdio::null());
    cmd.status().map(|s| s.success()).unwrap_or(false) && exe.is_file()
}

#[cfg(feature = "bindgen")]
mod bindings {
    //! Regenerate the Rust bindings (feature `bindgen`; needs libclang). Output:
    //! `$OUT_DIR/bindings.rs`; scripts/regen-bindings.sh copies it to src/crt/sys/bindings.rs.

    use super::{fail, Ctx};

    /// Public headers the safe wrappers use: (library, header under include/aws/).
    const HEADERS: &[&str] = &[
        "common/allocator.h",
        "common/common.h",
        "common/error.h",
        "common/byte_buf.h",
        "common/string.h",
        "common/logging.h",
        "common/uri.h",
        "io/io.h",
        "io/event_loop.h",
        "io/host_resolver.h",
        "io/channel_bootstrap.h",
        "io/socket.h",
        "io/tls_channel_handler.h",
        "io/stream.h",
        "io/async_stream.h",
        "io/future.h",
        "io/retry_strategy.h",
        "http/http.h",
        "http/request_response.h",
        "http/connection.h",
        "http/proxy.h",
        "auth/auth.h",
        "auth/credentials.h",
        "auth/signing_config.h",
        "checksums/checksums.h",
        "checksums/crc.h",
        "s3/s3.h",
        "s3/s3_client.h",
    ];

    /// Items are taken from these files (plus whatever their items need). The .inl files carry the
    /// AWS_STATIC_IMPL functions that aws-c-common's codegen.c also compiles as real, linkable
    /// functions (e.g. aws_raise_error, aws_string_bytes, aws_byte_cursor_*).
    const FILE_PATTERN: &str = concat!(
        r".*/(",
        r"aws/common/(allocator|common|error|error\.inl|byte_buf|byte_buf\.inl|string|string\.inl|logging|uri|zero|zero\.inl)",
        r"|aws/io/(io|event_loop|host_resolver|channel_bootstrap|socket|tls_channel_handler|stream|async_stream|future|retry_strategy)",
        r"|aws/http/(http|request_response|connection|proxy)",
        r"|aws/auth/(auth|credentials|signing_config)",
        r"|aws/checksums/(checksums|crc)",
        r"|aws/s3/(s3|s3_client)",
        r"|shim",
        r")\.(h|inl)"
    );

    pub(super) fn generate(ctx: &Ctx) {
        let mut b = bindgen::Builder::default()
            .derive_default(true)
            // C enums as `#[repr(transparent)] pub struct aws_log_level(pub c_uint)` with the C
            // names as associated consts (`aws_log_level::AWS_LL_WARN`): any integer from C is a
            // valid value, so an unknown one is never undefined behaviour (no Rust enums).
            .default_enum_style(bindgen::EnumVariation::NewType { is_bitfield: false, is_global: false })
            // The one anonymous enum (logging.h) as a plain constant rather than `_bindgen_ty_N`.
            .constified_enum("AWS_LOG_SUBJECT_STRIDE_BITS")
            .default_macro_constant_type(bindgen::MacroTypeVariation::Signed)
            .size_t_is_usize(true)
            .use_core()
            .ctypes_prefix("::core::ffi")
            .layout_tests(true)
            // No C comments: they would become rustdoc (and doctests) of the bindings.
            .generate_comments(false)
            .allowlist_file(FILE_PATTERN)
            .allowlist_recursively(true)
            // Make the AWS_STATIC_IMPL inline functions visible as ordinary declarations; codegen.c
            // compiles exactly these into aws-c-common.
            .clang_arg("-DAWS_STATIC_IMPL=")
            .clang_arg("-DAWS_ENABLE_EPOLL")
            .clang_arg("-DNDEBUG");
        for dir in ctx.include_dirs() {
            b = b.clang_arg(format!("-I{}", dir.display()));
        }
        b = b.clang_arg(format!("-I{}", ctx.shim_dir.display()));
        for h in HEADERS {
            let path = ctx.vendor_header(h);
            b = b.header(path.display().to_string());
        }
        b = b.header(ctx.shim_dir.join("shim.h").display().to_string());
        let bindings = b
            .generate()
            .unwrap_or_else(|e| fail(&format!("bindgen failed (is libclang installed?): {e}")));
        let out = ctx.out_dir.join("bindings.rs");
        bindings
            .write_to_file(&out)
            .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
        println!("cargo:warning=regenerated bindings: {}", out.display());
    }

    impl Ctx {
        fn vendor_header(&self, h: &str) -> std::path::PathBuf {
            let lib = match h.split('/').next().unwrap() {
                "checksums" => "aws-checksums".to_string(),
                other => format!("aws-c-{other}"),
            };
            let p = self.vendor.join(lib).join("include/aws").join(h);
            if !p.is_file() {
                fail(&format!("header {} not found", p.display()));
            }
            p
        }
    }
}
