/**
 * Spherical harmonic transforms and power spectra of HEALPix RING maps, spin 0 (T) and spin 2 (Q/U &lt;-&gt; E/B),
 * agreeing with healpy to double-precision roundoff (tests: synthesis ~1e-14, analysis ~1e-14 relative L2,
 * spectra ~1e-11 per multipole).
 *
 * <p>Public API: {@link org.skypatch.harmonics.Sht} (alm2map, map2alm, spin-2 variants),
 * {@link org.skypatch.harmonics.Alm} (healpy's m-major coefficient layout), {@link org.skypatch.harmonics.PowerSpectra}
 * (alm2cl, anafast, f_sky-corrected pseudo-spectra), {@link org.skypatch.harmonics.GaussianSky} (synalm, synfast
 * with reproducible seeds) and {@link org.skypatch.harmonics.PixelWindow}.
 *
 * <p>Algorithm as in libsharp/ducc0: geometry from {@link org.skypatch.sphere.RingTable} only; per block of
 * north/south ring pairs and per m a three-term recursion in l ({@code LegendreRecursion}, start values carried as
 * mantissa and binary exponent by {@code StartValues} so that nothing underflows up to lmax = 3 nside - 1 at any
 * nside), with the parity of l + m giving the southern ring for free; one real FFT per ring ({@code RingFft},
 * JTransforms) with the phase of the ring's first pixel. {@code Synthesis} and {@code AdjointSynthesis} are exact
 * transposes of each other; {@code Analysis} adds healpy's Jacobi iterations. Everything is single-threaded.
 */
package org.skypatch.harmonics;
