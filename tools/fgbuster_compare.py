#!/usr/bin/env python3
"""skypatch fit against fgbuster on a sky made by ../shared/tools/fgbuster-peer (driven by fgbuster-compare.sh).

  labels DIR   writes DIR/skypatch/labels_<case>.fits: the label maps fgbuster used (BETA_D, TEMP_D, BETA_S
               columns, UNSEEN outside the mask), for `skypatch fit --labels`
  table DIR    prints the comparison (markdown) from DIR/fgbuster_results.json, DIR/fgbuster_out/ and
               DIR/skypatch/<case>/ (params.fits, summary.json, clusters.csv, wall.txt)

NLLs are skypatch's (no factor 1/2: fgbuster's fun is NLL / 2), both solutions evaluated here with fgbuster's
mixing matrix on the masked noisy maps, pixel by pixel: NLL = -sum_p sum_{Q,U} b^T M^-1 b, b = A^T N^-1 d,
M = A^T N^-1 A. Run with the peer's Python ($PY of its env.sh: numpy, healpy, fgbuster).
"""
import csv
import json
import os
import os.path as op
import sys

import healpy as hp
import numpy as np
from fgbuster import CMB, Dust, Synchrotron, MixingMatrix

CASES = {  # case -> (fgbuster config, label map names per parameter, or None for one patch)
    'single': ('single_patch_tnc', None),
    'nside8': ('basic_nside8_tnc', ['patches_nside8'] * 3),
    'nside8_wide': ('basic_nside8_tnc', ['patches_nside8'] * 3),
    'kmeans': ('kmeans_300_100_50_tnc', ['kmeans_beta_d', 'kmeans_temp_d', 'kmeans_beta_s']),
    'multires': ('multires_8_4_2_tnc', ['patches_nside8', 'patches_nside4', 'patches_nside2']),
}
DEFAULT_BOX = ([0.5, 6.0, -7.0], [5.0, 40.0, -0.5])
WIDE_BOX = ([0.0, 3.0, -10.0], [5.0, 300.0, 5.0])
NAMES = ['beta_d', 'temp_d', 'beta_s']


def labels(d):
    mask = np.load(op.join(d, 'mask.npy')) > 0
    os.makedirs(op.join(d, 'skypatch'), exist_ok=True)
    for case, (_, names) in CASES.items():
        if names is None:
            continue
        cols = [np.where(mask, np.load(op.join(d, n + '.npy')).astype(np.float64), hp.UNSEEN) for n in names]
        hp.write_map(op.join(d, 'skypatch', 'labels_%s.fits' % case), cols, column_names=['BETA_D', 'TEMP_D', 'BETA_S'],
                     coord='G', dtype=np.float64, overwrite=True)


def nll_per_pixel(d, params):
    """Per observed pixel, the NLL at per-pixel parameters (3, npix)."""
    mask = np.load(op.join(d, 'mask.npy')) > 0
    data = np.load(op.join(d, 'freq_maps.npy'))[..., mask]  # (f, 2, p)
    inst = json.load(open(op.join(d, 'instrument.json')))
    freqs = np.array(inst['frequency_GHz'])
    sigma = np.array(inst['sigma_pix_K_CMB_per_QU'])
    comps = [CMB(), Dust(150.), Synchrotron(20.)]
    a = MixingMatrix(*comps).eval(freqs, *[p[mask] for p in params]) / sigma[None, :, None]  # (p, f, c)
    y = data / sigma[:, None, None]
    m = np.einsum('pfc,pfk->pck', a, a)
    b = np.einsum('pfc,fsp->psc', a, y)
    x = np.linalg.solve(m[:, None], b[..., None])[..., 0]
    return -np.einsum('psc,psc->p', b, x), mask


def ours(d, case):
    out = op.join(d, 'skypatch', case)
    params = np.array(hp.read_map(op.join(out, 'params.fits'), field=(0, 1, 2)))
    summary = json.load(open(op.join(out, 'summary.json')))
    rows = list(csv.DictReader(open(op.join(out, 'clusters.csv'))))
    wall = float(open(op.join(out, 'wall.txt')).read())
    return params, summary, rows, wall


def table(d):
    fg = json.load(open(op.join(d, 'fgbuster_results.json')))['configs']
    seed = json.load(open(op.join(d, 'sky_meta.json')))['seed']
    print('| seed | case | NLL ours - fgbuster (2 fun) | max abs diff beta_d / T_d (K) / beta_s, clusters '
          'where fgbuster is inside the box | fgbuster s (TNC) | skypatch fit s (command / fit) | notes |')
    print('|---|---|---|---|---|---|---|')
    for case, (config, names) in CASES.items():
        if config not in fg or not op.exists(op.join(d, 'skypatch', case, 'params.fits')):
            continue
        e = fg[config]
        theirs = np.load(op.join(d, 'fgbuster_out', config + '_params_map.npy'))
        mine, summary, rows, wall = ours(d, case)
        n_ours, mask = nll_per_pixel(d, mine)
        n_fg, _ = nll_per_pixel(d, np.where(np.isfinite(theirs), theirs, 1.0))
        fun = e['iterations'].get('fun', e['iterations'].get('fun_sum_over_patches'))
        box = WIDE_BOX if case.endswith('_wide') else DEFAULT_BOX
        ids = np.load(op.join(d, names[0] + '.npy'))[mask] if names else np.zeros(mask.sum(), int)
        notes = []
        # parameters over the pixels where fgbuster's solution is inside the box; NLLs per patch (nside8)
        x_fg = theirs[:, mask]
        ok = np.all([(x_fg[j] >= box[0][j]) & (x_fg[j] <= box[1][j]) for j in range(3)], axis=0)
        diffs = np.abs(mine[:, mask][:, ok] - x_fg[:, ok]).max(axis=1) if ok.any() else np.full(3, np.nan)
        worse = []
        outside = 0
        for c in np.unique(ids):
            sel = ids == c
            if not ok[sel][0]:
                outside += 1
                continue
            delta = n_ours[sel].sum() - n_fg[sel].sum()
            if names and names[0] == names[2] and delta > 0.01:
                worse.append((int(c), delta))
        if names and names[0] == names[2]:
            evals = {}
            for r in rows:
                evals[r['subproblem']] = int(r['evaluations'])
            ev = np.array(list(evals.values()))
            notes.append('%d patches, %d with fgbuster outside the box; per patch NLL > +0.01 in %d%s; evaluations per '
                         'patch mean %.1f, max %d (fit: %d)' % (len(np.unique(ids)), outside, len(worse),
                                                                ' (%s)' % ', '.join('%d: %+.3f' % w for w in worse[:4])
                                                                if worse else '', ev.mean(), ev.max(),
                                                                summary['evaluations']))
        elif outside:
            notes.append('fgbuster outside the box in %.1f%% of the pixels' % (100 * (1 - ok.mean())))
        notes.append('%d restarted, %d moved' % (summary['restarted'], summary['moved']))
        check = abs(n_fg.sum() - 2 * fun)
        if check > 1e-6 * abs(fun):
            notes.append('NLL at fgbuster\'s solution %.3f differs from 2 fun by %.3g' % (n_fg.sum(), check))
        print('| %s | %s | %+.4f | %.2g / %.2g / %.2g | %.1f (%s) | %.1f / %.2f | %s |' % (
            seed, case + (' (wide box)' if case.endswith('_wide') else ''), n_ours.sum() - 2 * fun, diffs[0], diffs[1],
            diffs[2], e['median_wall_s'], e['status'], wall, summary['seconds']['fit'], '; '.join(notes)))


if __name__ == '__main__':
    {'labels': labels, 'table': table}[sys.argv[1]](sys.argv[2])
