"""A synthetic Indonesian news archive for `locnews archive` tests and benchmarks.

Articles are built from pools of subjects, actions and places, so an archive has many distinct
sentences (MT has real work) and some repeats across articles (as a real archive does: bylines,
stock phrases). Deterministic: the same (n, seed) gives the same bytes.

    python benchmarks/gen_archive.py OUT_DIR N [--sentences K]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SUBJECTS = [
    "Pemerintah daerah", "Kementerian Kesehatan", "Warga desa", "Polisi setempat", "Para petani",
    "Dinas Pendidikan", "Gubernur", "Ratusan relawan", "Bank Indonesia", "Para nelayan",
    "Wali kota", "Tim penyelamat", "Pengusaha lokal", "Mahasiswa", "Dewan perwakilan rakyat",
]
ACTIONS = [
    "mengumumkan rencana pembangunan jalan baru", "membagikan bantuan beras kepada keluarga miskin",
    "meminta masyarakat tetap waspada terhadap banjir", "membuka pasar murah menjelang hari raya",
    "memperbaiki jembatan yang rusak akibat longsor", "menggelar rapat tentang harga pupuk",
    "menanam ribuan pohon di lereng gunung", "melaporkan kenaikan jumlah wisatawan",
    "menutup sekolah karena kabut asap", "mengevakuasi warga dari daerah rawan bencana",
    "meluncurkan program vaksinasi gratis", "menolak kenaikan tarif listrik",
]
PLACES = [
    "di Surabaya", "di Bandung", "di Medan", "di Makassar", "di Palembang", "di Semarang",
    "di Denpasar", "di Pontianak", "di Manado", "di Padang", "di Ambon", "di Jayapura",
]
WHEN = ["pada Senin", "pada Selasa pagi", "pekan lalu", "hari ini", "pada akhir bulan", "tahun ini"]
EXTRA = [
    "Sebanyak {n} orang hadir dalam acara tersebut.",
    "Biaya kegiatan itu mencapai Rp {n} juta.",
    "Menurut data resmi, angka itu naik {n} persen dibanding tahun lalu.",
    "Warga berharap masalah ini segera selesai.",
    "Pejabat setempat belum memberikan keterangan lebih lanjut.",
]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(PLACES)} {rng.choice(WHEN)}."


def article(rng: random.Random, sentences: int) -> str:
    title = f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(PLACES)}"
    body = [sentence(rng) for _ in range(sentences - 1)]
    body.append(rng.choice(EXTRA).format(n=rng.randint(2, 900)))
    return title + "\n\n" + "\n\n".join(body) + "\n"


def generate(out: Path, n: int, *, sentences: int = 3, seed: int = 7) -> list[Path]:
    """``n`` articles ``arsip-00001.id.txt``… in ``out`` (a headline and ``sentences`` sentences each)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        p = out / f"arsip-{i:05d}.id.txt"
        p.write_text(article(rng, sentences), encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--sentences", type=int, default=3)
    a = ap.parse_args()
    generate(a.out, a.n, sentences=a.sentences)
