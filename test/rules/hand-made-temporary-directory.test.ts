import rule from '../../server/src/rules/hand-made-temporary-directory';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    lines('import tempfile', '', 'def build():', '    with tempfile.TemporaryDirectory() as d:', '        return run(d)'),
    // Kept on request: the removal is conditional.
    lines('import shutil, tempfile', '', 'def build(keep):', '    d = tempfile.mkdtemp()', '    try:', '        run(d)', '    finally:', '        if not keep:', '            shutil.rmtree(d)'),
    // Removed only on failure: the directory is handed to the caller otherwise.
    lines('import shutil, tempfile', '', 'def unpack(archive):', '    d = tempfile.mkdtemp()', '    try:', '        extract(archive, d)', '    except Exception:', '        shutil.rmtree(d)', '        raise', '    return d'),
    // Removed in another method: a fixture whose life spans a test.
    lines('import shutil, tempfile, unittest', '', 'class T(unittest.TestCase):', '    def setUp(self):', '        self.d = tempfile.mkdtemp()', '', '    def tearDown(self):', '        shutil.rmtree(self.d)'),
    lines('import shutil, tempfile', '', 'def setup(case):', '    d = tempfile.mkdtemp()', '    case.addCleanup(shutil.rmtree, d)', '    return d'),
    // Another directory is removed, or the variable is rebound to a subdirectory.
    lines('import os, shutil, tempfile', '', 'def build(out):', '    d = tempfile.mkdtemp()', '    try:', '        run(d, out)', '    finally:', '        shutil.rmtree(out)'),
    lines('import os, shutil, tempfile', '', 'def build():', '    d = tempfile.mkdtemp()', '    d = os.path.join(d, "sub")', '    try:', '        run(d)', '    finally:', '        shutil.rmtree(d)'),
    // The finally belongs to a nested function, which may run at any time.
    lines('import shutil, tempfile', '', 'def build():', '    d = tempfile.mkdtemp()', '    def clean():', '        try:', '            run(d)', '        finally:', '            shutil.rmtree(d)', '    return clean'),
    // Not the standard library's mkdtemp or rmtree.
    lines('import shutil', '', 'def build(fs):', '    d = fs.mkdtemp()', '    try:', '        run(d)', '    finally:', '        shutil.rmtree(d)'),
    lines('import tempfile', '', 'def build(fs):', '    d = tempfile.mkdtemp()', '    try:', '        run(d)', '    finally:', '        fs.rmtree(d)'),
    // Top-level statements are separate analysis units.
    lines('import shutil, tempfile', '', 'WORK = tempfile.mkdtemp()', 'try:', '    run(WORK)', 'finally:', '    shutil.rmtree(WORK)'),
  ],
  invalid: [
    {
      name: 'the docs pattern: arguments carried over',
      code: lines('import shutil', 'import tempfile', '', 'def build(src):', '    workdir = tempfile.mkdtemp(prefix="build-", dir=src)', '    try:', '        compile_into(src, workdir)', '    finally:', '        shutil.rmtree(workdir)'),
      findings: [{ text: 'tempfile.mkdtemp(prefix="build-", dir=src)', line: 5, fix: 'unsafe', message: '`workdir` is a temporary directory made and removed by hand' }],
      output: lines('import shutil', 'import tempfile', '', 'def build(src):', '    with tempfile.TemporaryDirectory(prefix="build-", dir=src) as workdir:', '        compile_into(src, workdir)'),
    },
    {
      name: 'from-imports: TemporaryDirectory imported beside mkdtemp; ignore_errors on 3.10+',
      target: [3, 12],
      code: lines('from shutil import rmtree', 'from tempfile import mkdtemp', '', 'def build():', '    d = mkdtemp(suffix="-x",)', '    try:', '        run(d)', '    except OSError:', '        log()', '    finally:', '        rmtree(d, ignore_errors=True)'),
      findings: [{ text: 'mkdtemp(suffix="-x",)', fix: 'unsafe' }],
      output: lines(
        'from shutil import rmtree',
        'from tempfile import mkdtemp, TemporaryDirectory',
        '',
        'def build():',
        '    with TemporaryDirectory(suffix="-x", ignore_cleanup_errors=True) as d:',
        '        try:',
        '            run(d)',
        '        except OSError:',
        '            log()',
      ),
    },
    {
      name: 'ignore_errors below Python 3.10, other rmtree arguments: no fix',
      target: [3, 9],
      code: lines(
        'import shutil, tempfile',
        '',
        'def a():',
        '    d = tempfile.mkdtemp()',
        '    try:',
        '        run(d)',
        '    finally:',
        '        shutil.rmtree(d, ignore_errors=True)',
        '',
        'def b():',
        '    d = tempfile.mkdtemp()',
        '    try:',
        '        run(d)',
        '    finally:',
        '        shutil.rmtree(d, onerror=report)',
      ),
      findings: [{ line: 4, fix: null }, { line: 11, fix: null }],
    },
    {
      name: 'mkdtemp inside the try, statements in between, Path(mkdtemp()): found, no fix',
      code: lines(
        'import os, shutil, tempfile',
        'from pathlib import Path',
        '',
        'def a():',
        '    try:',
        '        d = tempfile.mkdtemp()',
        '        run(d)',
        '    finally:',
        '        shutil.rmtree(d)',
        '',
        'def b():',
        '    d = tempfile.mkdtemp()',
        '    os.chmod(d, 0o700)',
        '    try:',
        '        run(d)',
        '    finally:',
        '        shutil.rmtree(d)',
        '',
        'def c():',
        '    d = Path(tempfile.mkdtemp())',
        '    try:',
        '        (d / "x").write_text("")',
        '    finally:',
        '        shutil.rmtree(d)',
      ),
      findings: [
        { text: 'tempfile.mkdtemp()', line: 6, fix: null },
        { text: 'tempfile.mkdtemp()', line: 12, fix: null },
        { text: 'tempfile.mkdtemp()', line: 20, fix: null },
      ],
    },
    {
      name: 'a module alias, other cleanup first in the finally, a main block',
      code: lines(
        'import shutil',
        'import tempfile as tf',
        '',
        'if __name__ == "__main__":',
        '    scratch = tf.mkdtemp()',
        '    try:',
        '        main(scratch)',
        '    finally:',
        '        print("cleaning up")',
        '        shutil.rmtree(scratch)',
      ),
      findings: [{ text: 'tf.mkdtemp()', fix: 'unsafe' }],
      output: lines('import shutil', 'import tempfile as tf', '', 'if __name__ == "__main__":', '    with tf.TemporaryDirectory() as scratch:', '        try:', '            main(scratch)', '        finally:', '            print("cleaning up")'),
    },
  ],
});
