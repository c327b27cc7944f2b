<?php
// Shared by the lab2 pages. Settings come from the PHP-FPM pool's env[] lines (Tests/lab2/lab):
// LAB2_DB_HOST, LAB2_DB_PORT, LAB2_DB_USER, LAB2_DB_PASSWORD, LAB2_DB_NAME, and LAB2_DATA, the
// directory the app writes its page cache and uploads to (a small tmpfs: the disk-full scenario).

function lab_db(): mysqli
{
    mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);  // errors throw mysqli_sql_exception
    $db = mysqli_init();
    $db->options(MYSQLI_OPT_CONNECT_TIMEOUT, 2);
    $db->real_connect(getenv('LAB2_DB_HOST'), getenv('LAB2_DB_USER'), getenv('LAB2_DB_PASSWORD'),
        getenv('LAB2_DB_NAME'), (int) getenv('LAB2_DB_PORT'));
    return $db;
}

// lab_write(SUBDIR, DATA, KEEP): writes DATA to a new file under LAB2_DATA/SUBDIR and fsyncs it; the
// file replaces SUBDIR/KEEP, or is removed when KEEP is null. Throws when the disk refuses (ENOSPC).
function lab_write(string $subdir, string $data, ?string $keep = null): void
{
    $dir = getenv('LAB2_DATA') . '/' . $subdir;
    if (!is_dir($dir) && !@mkdir($dir, 0755, true) && !is_dir($dir)) {
        throw new RuntimeException("cannot create $dir: " . (error_get_last()['message'] ?? 'unknown error'));
    }
    $path = $dir . '/.tmp-' . bin2hex(random_bytes(6));
    $handle = fopen($path, 'x');
    if ($handle === false) {
        throw new RuntimeException("cannot create $path: " . (error_get_last()['message'] ?? 'unknown error'));
    }
    $written = fwrite($handle, $data);  // on a full disk PHP notes "Write of N bytes failed with errno=28 ..."
    $synced = $written === strlen($data) && fflush($handle) && fsync($handle);
    fclose($handle);
    if (!$synced) {
        $error = error_get_last()['message'] ?? 'short write';
        unlink($path);
        throw new RuntimeException("cannot write $path: $error");
    }
    if ($keep === null) {
        unlink($path);
    } else {
        rename($path, "$dir/$keep");
    }
}
