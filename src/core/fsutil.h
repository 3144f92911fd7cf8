/* fsutil.h - creating directories and replacing files atomically
 *
 * A file is never written in place: its bytes go to a temporary file in the
 * same directory (".NAME.tmp-XXXXXX"), which is flushed to disk and renamed
 * over NAME, and then the directory itself is flushed.  A failure at any step
 * removes the temporary file, so NAME holds either its old bytes or the new
 * ones, never a part.  (A process killed between mkstemp and rename can only
 * leave the temporary file behind, and its name says what it is.)
 */
#ifndef DACC_FSUTIL_H
#define DACC_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The prefix and infix of temporary file names: DIR/.NAME.tmp-XXXXXX */
#define FS_TMP_INFIX ".tmp-"

/* Create directory DIR and any missing parents (mode 0777 less the umask),
 * like mkdir -p.  Returns 0, or -1 with ERR filled ("cannot create 'DIR':
 * REASON", or "'DIR' is not a directory"). */
int fs_mkdir_p(const char *dir, char *err, size_t errlen);

/* Replace DIR/NAME by LEN bytes of DATA atomically: mkstemp in DIR, write
 * (retrying on EINTR and short writes), fsync, fchmod 0644, rename over
 * DIR/NAME, fsync DIR.  Returns 0, or -1 with ERR filled and no temporary
 * file left.  NAME is a plain file name (no '/'). */
int fs_write_atomic(const char *dir, const char *name, const void *data, size_t len, char *err,
                    size_t errlen);
/* As fs_write_atomic(), with permissions MODE (dacc fix keeps a file's own). */
int fs_write_atomic_mode(const char *dir, const char *name, const void *data, size_t len, mode_t mode, char *err,
                         size_t errlen);

/* DIR/NAME as a new string (no doubled '/'); the caller frees it.  NULL when
 * memory runs out. */
char *fs_join(const char *dir, const char *name);

/* The names in directory DIR but "." and "..", sorted by bytes, into *NAMES
 * (*N of them; the caller frees each and the array).  Returns 0, or -1 with
 * errno set (ENOMEM when memory ran out) and nothing to free. */
int fs_list_dir(const char *dir, char ***names, size_t *n);

/* PATH made absolute with every symbolic link resolved, also when its last
 * parts do not exist (yet): those are taken as written, "." and ".." among
 * them applied ("new/../x" is "x"), as mkdir -p would make them.  A new
 * string the caller frees, or NULL when that cannot be told. */
char *fs_resolve(const char *path);

/* True when file name NAME ends with SUFFIX. */
bool fs_name_ends(const char *name, const char *suffix);

#endif
