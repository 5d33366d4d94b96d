package org.skypatch.gpu;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;
import org.skypatch.likelihood.SedTables;

/**
 * The clustered spectral likelihood of a batch of R realizations of one configuration on CUDA
 * device 0 (kernels in spectral_likelihood.cu), same formulas and results as the CPU engine to
 * rounding, identical run to run.
 *
 * <p>The whitened data of the batch go up once and stay resident; an evaluation uploads only the
 * per-cluster SED tables of the realizations still being fitted and brings back each tuple's NLL,
 * gradient and Gauss-Newton block. {@link #fitBatch} drives the CPU engine's optimiser on every
 * realization in lockstep (see {@link LockstepBatch}). Methods are synchronized and make the
 * context current themselves, so any thread may call them. Close it to free the device memory.
 */
public final class GpuSpectralLikelihood implements DeviceKernels, AutoCloseable {
    private static final String PTX = "spectral_likelihood.ptx";
    /** Realizations are the launch grid's y dimension, at most 65535. */
    static final int MAX_REALIZATIONS = 65535;

    private final FitProblem problem;
    private final int realizations;
    private final TupleLayout layout;
    private final SedTables bandTables;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();
    private final CUfunction likelihood = new CUfunction();
    private final CUfunction reconstruct = new CUfunction();
    private final List<CUdeviceptr> allocations = new ArrayList<>();
    private CUdeviceptr y;
    private CUdeviceptr segment;
    private CUdeviceptr tupleOf;
    private CUdeviceptr tupleParam;
    private CUdeviceptr invSigma;
    private CUdeviceptr logDust;
    private CUdeviceptr logSync;
    private CUdeviceptr sed;
    private CUdeviceptr active;
    private CUdeviceptr out;
    private CUdeviceptr components;
    private boolean contextRetained;
    private boolean moduleLoaded;

    /**
     * Why the kernels cannot evaluate a problem, or null when they can. They build a tuple's dust
     * column as a per-band product of a beta_d and a T_d table with per-band log-derivatives,
     * which only delta bands satisfy (a bandpass average of the product is no product), and whiten
     * with one sigma per band (per-tuple sums), which per-pixel noise breaks.
     */
    public static String unsupported(FitProblem problem) {
        if (problem.hasBandpasses()) {
            return "FitProblem.bandpasses are not supported by the CUDA kernels";
        }
        return problem.hasPixelNoise() ? "FitProblem.pixelNoiseSigma (per-pixel noise) is not supported by the CUDA kernels"
                : null;
    }

    /**
     * Uploads a batch.
     *
     * @param batch realizations, each [band][stokes Q=0,U=1][zone pixel] in the units of the noise sigma
     * @throws IllegalStateException when no usable CUDA device exists (see {@link Backend#resolve})
     * @throws IllegalArgumentException for a problem the kernels cannot evaluate (see {@link #unsupported})
     */
    public GpuSpectralLikelihood(FitProblem problem, List<double[][][]> batch) {
        String why = unsupported(problem);
        if (why != null) {
            throw new IllegalArgumentException("backend gpu: " + why + ": set backend: cpu or auto");
        }
        if (batch.isEmpty() || batch.size() > MAX_REALIZATIONS) {
            throw new IllegalArgumentException("a GPU batch holds 1 to " + MAX_REALIZATIONS + " realizations, got "
                    + batch.size() + ": split the batch");
        }
        Backend.resolve(Backend.GPU);
        this.problem = problem;
        this.realizations = batch.size();
        bandTables = new SedTables(problem);
        layout = TupleLayout.of(problem, new ComponentSeparation(problem));
        double[] data = layout.packData(batch, bandTables.invSigma);
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            cuDeviceGet(device, 0);
            cuDevicePrimaryCtxRetain(context, device);
            contextRetained = true;
            cuCtxSetCurrent(context);
            cuModuleLoadData(module, ptx());
            moduleLoaded = true;
            cuModuleGetFunction(likelihood, module, "tuple_likelihood");
            cuModuleGetFunction(reconstruct, module, "reconstruct_components");
            y = upload(data);
            segment = upload(layout.segment);
            tupleOf = upload(layout.tupleOfSorted);
            tupleParam = upload(layout.tupleParam);
            invSigma = upload(bandTables.invSigma);
            logDust = upload(bandTables.logDust);
            logSync = upload(bandTables.logSync);
            sed = alloc((long) realizations * layout.sedStride() * Sizeof.DOUBLE);
            active = alloc((long) realizations * Sizeof.INT);
            out = alloc((long) realizations * layout.tuples * TupleLayout.OUTPUTS * Sizeof.DOUBLE);
            components = alloc(6L * layout.pixels * Sizeof.DOUBLE);
        } catch (CudaException e) {
            close();
            throw new IllegalStateException("cannot set up a GPU batch of " + realizations + " realizations x "
                    + layout.pixels + " pixels (" + (data.length * 8L >> 20) + " MiB of data) on " + GpuDevice.probe().name()
                    + ": " + GpuDevice.oneLine(e) + ": use smaller batches", e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public TupleLayout layout() {
        return layout;
    }

    /** Number of realizations in the batch. */
    @Override
    public int realizations() {
        return realizations;
    }

    /** Evaluates the realizations listed in activeRealizations (ascending; converged ones are left out). */
    @Override
    public synchronized void evaluate(int[] activeRealizations, int slots, double[] sedTables, double[] result) {
        cuCtxSetCurrent(context);
        cuMemcpyHtoD(sed, Pointer.to(sedTables), (long) slots * layout.sedStride() * Sizeof.DOUBLE);
        cuMemcpyHtoD(active, Pointer.to(activeRealizations), (long) slots * Sizeof.INT);
        Pointer params = KernelArgs.tupleLikelihood(layout, y, segment, tupleParam, invSigma, logDust, logSync, sed,
                active, out).pointer();
        int shared = (5 * layout.bands + TupleLayout.MOMENTS * TupleLayout.THREADS) * Sizeof.DOUBLE;
        cuLaunchKernel(likelihood, layout.tuples, slots, 1, TupleLayout.THREADS, 1, 1, shared, null, params, null);
        cuCtxSynchronize();
        cuMemcpyDtoH(Pointer.to(result), out, (long) slots * layout.tuples * TupleLayout.OUTPUTS * Sizeof.DOUBLE);
    }

    /** Component amplitudes of realization r at parameters x, in the units of the data. */
    @Override
    public synchronized double[][][] components(int r, double[] x) {
        if (r < 0 || r >= realizations) {
            throw new IllegalArgumentException("realization " + r + " is not in this batch of " + realizations);
        }
        SedTables tables = new SedTables(problem);
        tables.update(x);
        double[] packed = new double[layout.sedStride()];
        layout.packSed(tables, packed, 0);
        cuCtxSetCurrent(context);
        cuMemcpyHtoD(sed, Pointer.to(packed), (long) packed.length * Sizeof.DOUBLE);
        Pointer params = KernelArgs.reconstructComponents(layout, r, y, tupleOf, tupleParam, invSigma, sed, components)
                .pointer();
        int blocks = (layout.pixels + TupleLayout.THREADS - 1) / TupleLayout.THREADS;
        cuLaunchKernel(reconstruct, blocks, 1, 1, TupleLayout.THREADS, 1, 1, 0, null, params, null);
        cuCtxSynchronize();
        double[] sorted = new double[6 * layout.pixels];
        cuMemcpyDtoH(Pointer.to(sorted), components, (long) sorted.length * Sizeof.DOUBLE);
        return layout.unsortComponents(sorted);
    }

    /** Fits every realization of the batch (lockstep evaluations on the device), in order. */
    public List<FitResult> fitBatch(FitOptions options) {
        return new LockstepBatch(this, problem).fit(options);
    }

    /** Frees the device memory and the module, and releases the primary context. Idempotent. */
    @Override
    public synchronized void close() {
        if (contextRetained) {
            cuCtxSetCurrent(context);
        }
        for (CUdeviceptr p : allocations) {
            cuMemFree(p);
        }
        allocations.clear();
        if (moduleLoaded) {
            cuModuleUnload(module);
            moduleLoaded = false;
        }
        if (contextRetained) {
            cuDevicePrimaryCtxRelease(device);
            contextRetained = false;
        }
    }

    private CUdeviceptr alloc(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        cuMemAlloc(p, Math.max(bytes, 1));
        allocations.add(p);
        return p;
    }

    private CUdeviceptr upload(double[] host) {
        CUdeviceptr p = alloc((long) host.length * Sizeof.DOUBLE);
        cuMemcpyHtoD(p, Pointer.to(host), (long) host.length * Sizeof.DOUBLE);
        return p;
    }

    private CUdeviceptr upload(int[] host) {
        CUdeviceptr p = alloc((long) host.length * Sizeof.INT);
        cuMemcpyHtoD(p, Pointer.to(host), (long) host.length * Sizeof.INT);
        return p;
    }

    /** The committed PTX, NUL-terminated as cuModuleLoadData expects. */
    static byte[] ptx() {
        try (InputStream in = GpuSpectralLikelihood.class.getResourceAsStream(PTX)) {
            if (in == null) {
                throw new IllegalStateException(PTX + " is missing from the classpath: rebuild udf-kernels");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PTX + ": " + e.getMessage(), e);
        }
    }
}
