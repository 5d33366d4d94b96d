package org.skypatch.job.fit;

import java.util.List;
import java.util.Map;
import org.skypatch.harmonics.Alm;
import org.skypatch.harmonics.PowerSpectra;
import org.skypatch.harmonics.Sht;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.FitSettings;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;
import org.skypatch.sphere.Nside;

/**
 * BB spectra of one noise realization's residuals over the union of the zones, each zone fitted with
 * its own configuration: the zones' CMB residuals are stitched into a full-sky map (zero outside the
 * zones), analysed like healpy's anafast and divided by f_sky. The transform is linear, so the
 * statistical residual's B modes are the total's minus the systematic residual's, which a selection
 * transforms once ({@link #bModes}).
 */
public final class ResidualSpectra {
    private ResidualSpectra() {
    }

    /**
     * @param sky         study inputs
     * @param choice      zone -> configuration
     * @param systematicB B modes of the stitched systematic residual of these configurations, from
     *                    {@link #bModes}, uK_CMB
     * @param settings    fit settings
     * @param realization noise realization
     * @return [total, statistical][l] BB spectra over l = 0..3 nside - 1, uK_CMB^2, divided by f_sky
     */
    public static double[][] of(SkyInputs sky, Map<String, Configuration> choice, Alm systematicB,
                                FitSettings settings, int realization) {
        int npix = (int) Nside.npix(sky.nside());
        double[][] total = new double[3][npix];
        int covered = 0;
        for (Map.Entry<String, Configuration> e : choice.entrySet()) {
            ZoneData zone = sky.zone(e.getKey());
            int[][] labels = ZoneClusters.of(sky.nside(), zone, e.getValue(), settings.clusteringSeed());
            double[][][] data = NoisyData.of(sky, zone, realization);
            FitProblem problem = UnitFitter.problem(sky, zone, labels);
            int device = TaskGpu.ordinal();
            FitResult fit = settings.engineBackend(problem, device)
                    .fitBatch(problem, List.<double[][][]>of(data), settings.options(), device).get(0);
            int[] pixels = zone.pixels();
            for (int s = 0; s < 2; s++) {
                for (int i = 0; i < pixels.length; i++) {
                    total[s + 1][pixels[i]] = fit.cmb()[s][i] - zone.cmb()[s][i];
                }
            }
            covered += pixels.length;
        }
        double fsky = (double) covered / npix;
        Alm totalB = bModes(total, 3 * sky.nside() - 1);
        Alm statB = totalB.copy();
        statB.addScaled(systematicB, -1);
        return new double[][] {perSky(PowerSpectra.alm2cl(totalB, totalB), fsky),
            perSky(PowerSpectra.alm2cl(statB, statB), fsky)};
    }

    /** B-mode alm of a T,Q,U map (T ignored) up to lmax, with healpy's default 3 Jacobi iterations. */
    public static Alm bModes(double[][] tqu, int lmax) {
        return Sht.map2almSpin2(tqu[1], tqu[2], lmax, lmax, Sht.DEFAULT_ITER)[1];
    }

    /** A spectrum divided by the observed sky fraction, in place. */
    public static double[] perSky(double[] cl, double fsky) {
        for (int l = 0; l < cl.length; l++) {
            cl[l] /= fsky;
        }
        return cl;
    }
}
