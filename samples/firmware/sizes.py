#!/usr/bin/env python3
"""Flash and RAM a translated module needs on a Cortex-M4, for docs/firmware.md.

    sizes.py --w2c BUILD/w2c MODULE.wasm...

Prints, with arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os: the runtime's
code size per file; for each module, the translated code's flash (text +
read-only data, data segments included) with and without --compress-data,
and its instance's RAM (the struct; linear memory comes on top: 64 KiB per
page).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CFLAGS = ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16', '-Os',
          '-std=c11', '-ffunction-sections', '-fdata-sections',
          '-I' + os.path.join(ROOT, 'include'), '-I' + os.path.join(ROOT, 'rt')]


def size(obj):
    """text+rodata (flash) and data+bss of an object, from arm-none-eabi-size -A."""
    out = subprocess.run(['arm-none-eabi-size', '-A', obj], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    flash = ram = 0
    for line in out.splitlines():
        m = re.match(r'^(\.\S+)\s+(\d+)', line)
        if not m:
            continue
        name, n = m.group(1), int(m.group(2))
        if name.startswith(('.text', '.rodata')):
            flash += n
        elif name.startswith(('.data', '.bss')):
            ram += n
            if name.startswith('.data'):
                flash += n
    return flash, ram


def cc(src, obj, extra=()):
    subprocess.run(['arm-none-eabi-gcc'] + CFLAGS + list(extra) + ['-c', src, '-o', obj],
                   check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--w2c', required=True)
    ap.add_argument('modules', nargs='+')
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print('| runtime file | flash (bytes) |\n| --- | ---: |')
        total = 0
        for f in ['atomic.c', 'functype.c', 'instance.c', 'memory.c', 'table.c', 'trap.c', 'inflate.c']:
            obj = os.path.join(tmp, f + '.o')
            cc(os.path.join(ROOT, 'rt', f), obj)
            fl, _ = size(obj)
            total += fl
            print('| rt/%s | %d |' % (f, fl))
        print('| all | %d |' % total)
        print()
        print('| module | .wasm | flash, raw segments | flash, --compress-data | instance struct |')
        print('| --- | ---: | ---: | ---: | ---: |')
        for mod in args.modules:
            row = []
            for flags in ([], ['--compress-data']):
                c = os.path.join(tmp, 'm.c')
                subprocess.run([args.w2c, mod, '-o', c, '-n', 'm'] + flags, check=True)
                cc(c, os.path.join(tmp, 'm.o'))
                row.append(size(os.path.join(tmp, 'm.o'))[0])
            probe = os.path.join(tmp, 'probe.c')
            with open(probe, 'w') as f:
                f.write('#include "m.h"\nunsigned instance_size = sizeof(struct w2c_m);\n')
            cc(probe, os.path.join(tmp, 'probe.o'), ['-I' + tmp, '-S'])
            asm = open(os.path.join(tmp, 'probe.o')).read()
            inst = re.search(r'\.word\s+(\d+)', asm).group(1)
            print('| %s | %d | %d | %d | %s |' % (os.path.basename(mod), os.path.getsize(mod),
                                                row[0], row[1], inst))
    return 0


sys.exit(main())
