#!/usr/bin/env python3
"""Embeds a text file in C as a string array: embed.py IN OUT NAME."""
import sys

def main():
    src, dst, name = sys.argv[1:4]
    with open(src, 'rb') as f:
        data = f.read()
    # One string per line: a single literal would pass the length ISO C
    # compilers must support.
    out = ['/* Generated from %s by tools/embed.py. */' % src.split('/')[-1],
           'static const char *const %s[] = {' % name]
    for line in data.decode('utf-8').splitlines(True):
        esc = line.replace('\\', '\\\\').replace('"', '\\"').replace('?', '\\?')
        esc = esc.replace('\n', '\\n').replace('\t', '\\t')
        out.append('\t"%s",' % esc)
    out.append('\tNULL,')
    out.append('};')
    with open(dst, 'w') as f:
        f.write('\n'.join(out) + '\n')

main()
