package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SedsTest {
    /** Values from the sky-model issue (beta_d 1.54, T_d 20, beta_s -3, nu_d 160, nu_s 20). */
    @ParameterizedTest
    @CsvSource({
        "40, 1.0420, 0.07680, 0.128916",
        "140, 1.6210, 0.72636, 0.004677",
        "402, 23.6372, 37.95388, 0.002881"})
    void matchesPublishedValues(double nu, double g, double dust, double sync) {
        assertEquals(g, Seds.rjToCmb(nu), 1e-4 * g * 1.2);
        assertEquals(dust, Seds.dust(nu, 160, 1.54, 20), 1e-4 * dust);
        assertEquals(sync, Seds.synchrotron(nu, 20, -3), 1e-4 * sync);
    }

    @ParameterizedTest
    @CsvSource({"40", "100", "235", "402"})
    void derivativesMatchFiniteDifferences(double nu) {
        double h = 1e-5;
        double beta = 1.6;
        double temp = 18;
        double d = Seds.dust(nu, 150, beta, temp);
        double numBeta = (Seds.dust(nu, 150, beta + h, temp) - Seds.dust(nu, 150, beta - h, temp)) / (2 * h);
        double numTemp = (Seds.dust(nu, 150, beta, temp + h) - Seds.dust(nu, 150, beta, temp - h)) / (2 * h);
        assertEquals(numBeta, d * Seds.dustLogDerivBeta(nu, 150), 1e-8 * Math.abs(d) + 1e-12);
        assertEquals(numTemp, d * Seds.dustLogDerivTemp(nu, 150, temp), 1e-7 * Math.abs(numTemp) + 1e-12);
        double numCurv = (Seds.dustLogDerivTemp(nu, 150, temp + h) - Seds.dustLogDerivTemp(nu, 150, temp - h)) / (2 * h);
        assertEquals(numCurv, Seds.dustLogCurvTemp(nu, 150, temp), 1e-7 * Math.abs(numCurv));
        double s = Seds.synchrotron(nu, 20, -2.9);
        double numS = (Seds.synchrotron(nu, 20, -2.9 + h) - Seds.synchrotron(nu, 20, -2.9 - h)) / (2 * h);
        assertEquals(numS, s * Seds.synchrotronLogDerivBeta(nu, 20), 1e-8 * Math.abs(s) + 1e-14);
    }
}
