#!/usr/bin/env python3
"""Draws Benchmarks/regions-time.svg (CPU time against region count, one series per build and
worker count) from Benchmarks/regions-jobs.csv (columns: build,input,workers,regions,seconds,
cpu_seconds,peak_mib; build is "before" or "after" the streaming enumeration). CPU seconds, not
wall-clock: on the shared machine the wall-clock time says more about the load than the code.
Plain SVG, no plotting library. Usage: python3 Benchmarks/plot-regions.py"""
import csv
import math
import os

here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, "regions-jobs.csv"))))
W, H, L, R, T, B = 560, 360, 70, 20, 30, 50
xs = [int(r["regions"]) for r in rows]
ys = [float(r["cpu_seconds"]) for r in rows]
x0, x1 = 0, max(xs) * 1.1
y0, y1 = 0, max(ys) * 1.15
px = lambda x: L + (x - x0) / (x1 - x0) * (W - L - R)
py = lambda y: H - B - (y - y0) / (y1 - y0) * (H - T - B)
colors = {("before", "1"): "#1f77b4", ("after", "1"): "#2ca02c", ("after", "2"): "#d62728"}
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W/2}" y="18" text-anchor="middle">Exact region enumeration (aajr verify): CPU time against regions</text>',
       f'<line x1="{L}" y1="{H-B}" x2="{W-R}" y2="{H-B}" stroke="black"/>',
       f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H-B}" stroke="black"/>',
       f'<text x="{(L+W-R)/2}" y="{H-12}" text-anchor="middle">regions</text>',
       f'<text x="16" y="{(T+H-B)/2}" text-anchor="middle" transform="rotate(-90 16 {(T+H-B)/2})">CPU seconds</text>']
step = 10 ** int(math.log10(x1)) / 2 if x1 > 0 else 1
x = 0
while x <= x1:
    out.append(f'<line x1="{px(x):.1f}" y1="{H-B}" x2="{px(x):.1f}" y2="{H-B+4}" stroke="black"/>')
    out.append(f'<text x="{px(x):.1f}" y="{H-B+16}" text-anchor="middle">{int(x)}</text>')
    x += step
ystep = 10 ** int(math.log10(y1)) if y1 >= 1 else 0.1
ystep = ystep / 2 if y1 / ystep < 4 else ystep
y = 0
while y <= y1:
    out.append(f'<line x1="{L-4}" y1="{py(y):.1f}" x2="{L}" y2="{py(y):.1f}" stroke="black"/>')
    out.append(f'<text x="{L-6}" y="{py(y)+4:.1f}" text-anchor="end">{y:g}</text>')
    y += ystep
for (build, workers), color in colors.items():
    pts = sorted((int(r["regions"]), float(r["cpu_seconds"]), r["input"]) for r in rows
                 if r["workers"] == workers and r["build"] == build)
    if not pts:
        continue
    out.append('<polyline fill="none" stroke="%s" points="%s"/>' % (color, " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b, _ in pts)))
    for k, (a, b, name) in enumerate(pts):
        # Neighbouring points (close region counts): the smaller one's label goes to its left.
        left = k + 1 < len(pts) and px(pts[k + 1][0]) - px(a) < 60
        out.append(f'<circle cx="{px(a):.1f}" cy="{py(b):.1f}" r="4" fill="{color}"/>')
        dy = -6 if build == "before" else 16  # one build's labels above its points, the other's below
        x, anchor = (px(a) - 6, "end") if left else (px(a) + 6, "start")
        out.append(f'<text x="{x:.1f}" y="{py(b)+dy:.1f}" fill="{color}" text-anchor="{anchor}">{name}</text>')
ly = T + 10
for (build, workers), color in colors.items():
    out.append(f'<circle cx="{L+16}" cy="{ly}" r="4" fill="{color}"/>')
    out.append(f'<text x="{L+26}" y="{ly+4}">{build}, {workers} worker{"s" if workers != "1" else ""}</text>')
    ly += 18
out.append("</svg>")
open(os.path.join(here, "regions-time.svg"), "w").write("\n".join(out) + "\n")
