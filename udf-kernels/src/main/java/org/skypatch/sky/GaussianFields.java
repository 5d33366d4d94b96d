package org.skypatch.sky;

/**
 * What the sky simulator needs from the spherical-harmonic transforms: full-sky RING maps of a
 * seeded Gaussian random field with given power spectra (healpy's synfast with pol=True, new=True).
 * {@code org.skypatch.harmonics.GaussianSky.synfast} provides it ({@link SkySimulator#standard()});
 * tests may pass a cheaper one.
 */
@FunctionalInterface
public interface GaussianFields {
    /**
     * @param spectra TT, EE, BB, TE C_ell for ell 0..lmax (units squared of the maps)
     * @param nside   HEALPix resolution of the maps
     * @param lmax    highest multipole synthesised
     * @param seed    seed of the alm draw: the same seed gives the same maps
     * @return maps T, Q, U, each of 12 nside^2 RING pixels
     */
    double[][] synfast(CmbSpectra spectra, int nside, int lmax, long seed);
}
