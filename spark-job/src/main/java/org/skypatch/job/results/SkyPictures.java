package org.skypatch.job.results;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skypatch.job.fit.ZoneClusters;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.job.study.Configuration;
import org.skypatch.plot.MollweidePlot;

/**
 * The report's sky maps of the chosen configurations: the zones, each parameter's clusters (categorical colours,
 * every cluster of every zone its own), and each fitted parameter (mean over noise realizations) beside its truth
 * when the zones table holds one.
 */
final class SkyPictures {
    private static final String[] PARAMETERS = {"beta_d", "T_d", "beta_s"};
    private static final String[] FIT_COLUMNS = {"fit_beta_d", "fit_temp_d", "fit_beta_s"};
    private static final String[] TRUE_COLUMNS = {"true_beta_d", "true_temp_d", "true_beta_s"};
    private static final String[] UNITS = {"", "K", ""};

    private final SparkSession spark;
    private final Path dir;
    private final Map<String, int[]> zones;
    private final Map<String, Configuration> best;
    private final int nside;
    private final int npix;
    private final long clusteringSeed;

    /**
     * @param zones zone -> RING pixels, for every zone of units
     * @param best  each study zone's chosen configuration, in zone order
     */
    SkyPictures(SparkSession spark, Path dir, Map<String, int[]> zones, Map<String, Configuration> best, int nside,
                long clusteringSeed) {
        this.spark = spark;
        this.dir = dir;
        this.zones = zones;
        this.best = best;
        this.nside = nside;
        this.npix = 12 * nside * nside;
        this.clusteringSeed = clusteringSeed;
    }

    List<String> write() {
        List<String> out = new ArrayList<>();
        out.add(zoneMap());
        for (int k = 0; k < 3; k++) {
            out.add(clusterMap(k));
            out.add(parameterMap(k));
        }
        return out;
    }

    /** The study's zones, one colour each, named in a legend. */
    private String zoneMap() {
        int[] labels = missing();
        List<String> names = new ArrayList<>(best.keySet());
        for (int z = 0; z < names.size(); z++) {
            for (int p : zones.get(names.get(z))) {
                labels[p] = z;
            }
        }
        String file = "zones.png";
        MollweidePlot.writeCategories(dir.resolve(file), labels, "zones (" + String.format("f_sky %.3f", fsky()) + ")",
                names.toArray(String[]::new));
        return file;
    }

    /** Parameter k's chosen clusters, numbered across zones so that no two share a colour. */
    private String clusterMap(int k) {
        int[] map = missing();
        int offset = 0;
        for (Map.Entry<String, Configuration> e : best.entrySet()) {
            int[] pixels = zones.get(e.getKey());
            int[] labels = labels(e.getKey(), e.getValue())[k];
            int count = 0;
            for (int i = 0; i < pixels.length; i++) {
                map[pixels[i]] = offset + labels[i];
                count = Math.max(count, labels[i] + 1);
            }
            offset += count;
        }
        String file = "clusters_" + PARAMETERS[k] + ".png";
        MollweidePlot.writeCategories(dir.resolve(file), map, PARAMETERS[k] + " clusters of " + chosen(), null);
        return file;
    }

    /** Parameter k fitted by the chosen configurations (mean over realizations) and, beside it, the truth. */
    private String parameterMap(int k) {
        double[] fitted = unseen();
        double[] truth = unseen();
        boolean known = Arrays.asList(spark.table("zones").columns()).contains(TRUE_COLUMNS[k]);
        for (Map.Entry<String, Configuration> e : best.entrySet()) {
            int[] pixels = zones.get(e.getKey());
            double[] perCluster = meanFit(e.getKey(), e.getValue(), k);
            int[] labels = labels(e.getKey(), e.getValue())[k];
            for (int i = 0; i < pixels.length; i++) {
                fitted[pixels[i]] = perCluster[labels[i]];
            }
            if (known) {
                Row t = spark.sql("SELECT " + TRUE_COLUMNS[k] + " FROM zones WHERE zone = '" + e.getKey() + "'").first();
                known = !t.isNullAt(0);
                if (known) {
                    List<Double> values = t.getList(0);
                    for (int i = 0; i < pixels.length; i++) {
                        truth[pixels[i]] = values.get(i);
                    }
                }
            }
        }
        double[] range = MollweidePlot.finiteRange(known ? concat(fitted, truth) : fitted);
        String file = "params_" + PARAMETERS[k] + ".png";
        BufferedImage left = MollweidePlot.render(fitted, "fitted " + PARAMETERS[k] + " (" + chosen() + ")", UNITS[k],
                range[0], range[1], 800);
        if (!known) {
            MollweidePlot.writeImage(dir.resolve(file), left);
            return file;
        }
        BufferedImage right = MollweidePlot.render(truth, "true " + PARAMETERS[k], UNITS[k], range[0], range[1], 800);
        BufferedImage both = new BufferedImage(1600, left.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, 800, 0, null);
        g.dispose();
        MollweidePlot.writeImage(dir.resolve(file), both);
        return file;
    }

    /** Per cluster, the fitted value of parameter k averaged over the configuration's noise realizations. */
    private double[] meanFit(String zone, Configuration c, int k) {
        double[] sum = null;
        int n = 0;
        for (Row r : spark.sql("SELECT " + FIT_COLUMNS[k] + " FROM units WHERE zone = '" + zone + "' AND config_id = '"
                + c.id() + "'").collectAsList()) {
            for (scala.collection.Seq<Double> fit : r.<scala.collection.Seq<Double>>getList(0)) {
                if (sum == null) {
                    sum = new double[fit.size()];
                }
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += fit.apply(j);
                }
                n++;
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= n;
        }
        return sum;
    }

    private int[][] labels(String zone, Configuration c) {
        return ZoneClusters.of(nside, new ZoneData(zone, zones.get(zone), null, null, null), c, clusteringSeed);
    }

    /** "GAL020_L kmeans_300_5_1, GAL020_U kmeans_1000_20_5". */
    private String chosen() {
        return best.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().id()).collect(Collectors.joining(", "));
    }

    private double fsky() {
        return best.keySet().stream().mapToInt(z -> zones.get(z).length).sum() / (double) npix;
    }

    private int[] missing() {
        int[] m = new int[npix];
        Arrays.fill(m, -1);
        return m;
    }

    private double[] unseen() {
        double[] m = new double[npix];
        Arrays.fill(m, MollweidePlot.UNSEEN);
        return m;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
