// Runs the real kernels of spectral_likelihood.cu on the CPU, one loop iteration per CUDA thread,
// for KernelOnCpuTest: each argument file holds one launch as the host made it (kernel name, grid,
// arguments with the device buffers' bytes); the last buffer argument (every kernel's output) is
// written to FILE.out. The kernels use no shared memory, barriers or atomics, so running the
// threads one after another is a faithful execution.
// Build: g++ -std=c++17 -O2 -ffp-contract=off -I udf-kernels/src/main/resources/org/skypatch/gpu harness.cpp
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

struct uint3 {
    unsigned x, y, z;
};
static uint3 blockIdx, threadIdx, blockDim;
#define __global__
#define __device__
static double __longlong_as_double(long long v) {
    double d;
    std::memcpy(&d, &v, sizeof d);
    return d;
}
using std::exp;
using std::expm1;
using std::pow;
#include "spectral_likelihood.cu"

struct Arg {
    char type;
    int32_t i;
    double d;
    std::vector<char> bytes;
};

template <typename T> static T read(std::ifstream& in) {
    T v;
    in.read(reinterpret_cast<char*>(&v), sizeof v);
    if (!in) throw std::runtime_error("truncated launch file");
    return v;
}

static int I(std::vector<Arg>& a, int k) { return a.at(k).i; }
static double D(std::vector<Arg>& a, int k) { return a.at(k).d; }
static double* Pd(std::vector<Arg>& a, int k) { return reinterpret_cast<double*>(a.at(k).bytes.data()); }
static int* Pi(std::vector<Arg>& a, int k) { return reinterpret_cast<int*>(a.at(k).bytes.data()); }

int main(int argc, char** argv) {
    for (int f = 1; f < argc; f++) {
        std::ifstream in(argv[f], std::ios::binary);
        std::string name(read<int32_t>(in), ' ');
        in.read(&name[0], name.size());
        int blocks = read<int32_t>(in);
        int threads = read<int32_t>(in);
        int n = read<int32_t>(in);
        std::vector<Arg> a(n);
        int last = -1;
        for (int k = 0; k < n; k++) {
            a[k].type = read<char>(in);
            if (a[k].type == 'i') a[k].i = read<int32_t>(in);
            else if (a[k].type == 'd') a[k].d = read<double>(in);
            else {
                a[k].bytes.resize(read<int64_t>(in));
                in.read(a[k].bytes.data(), a[k].bytes.size());
                last = k;
            }
        }
        blockDim.x = threads;
        for (int b = 0; b < blocks; b++) {
            blockIdx.x = b;
            for (int t = 0; t < threads; t++) {
                threadIdx.x = t;
                if (name == "sed_tables")
                    sed_tables(I(a, 0), I(a, 1), I(a, 2), I(a, 3), I(a, 4), I(a, 5), D(a, 6), D(a, 7), D(a, 8),
                               D(a, 9), D(a, 10), Pd(a, 11), Pd(a, 12), Pd(a, 13));
                else if (name == "chunk_moments")
                    chunk_moments(I(a, 0), I(a, 1), I(a, 2), I(a, 3), I(a, 4), I(a, 5), I(a, 6), Pd(a, 7), Pi(a, 8),
                                  Pi(a, 9), Pi(a, 10), Pd(a, 11), Pd(a, 12), Pi(a, 13), Pd(a, 14));
                else if (name == "tuple_outputs")
                    tuple_outputs(I(a, 0), I(a, 1), I(a, 2), I(a, 3), I(a, 4), I(a, 5), Pi(a, 6), Pi(a, 7), Pd(a, 8),
                                  Pd(a, 9), Pd(a, 10), Pd(a, 11));
                else if (name == "reconstruct_components")
                    reconstruct_components(I(a, 0), I(a, 1), I(a, 2), I(a, 3), I(a, 4), I(a, 5), Pd(a, 6), Pi(a, 7),
                                           Pi(a, 8), Pd(a, 9), Pd(a, 10), Pi(a, 11), Pd(a, 12));
                else throw std::runtime_error("unknown kernel " + name);
            }
        }
        std::ofstream out(std::string(argv[f]) + ".out", std::ios::binary);
        out.write(a.at(last).bytes.data(), a.at(last).bytes.size());
    }
    return 0;
}
