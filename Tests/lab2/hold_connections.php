<?php
// Holds every MariaDB connection the app's user can get, for a bounded time, and takes back any
// slot that frees up meanwhile (as a leaking connection pool does).
//
//     php hold_connections.php PORT SECONDS      (user triage, password from LAB2_DB_PASSWORD)
mysqli_report(MYSQLI_REPORT_OFF);
[$port, $seconds] = [(int) $argv[1], (float) $argv[2]];
$deadline = microtime(true) + $seconds;
$held = [];
$announced = false;
while (microtime(true) < $deadline) {
    if (count($held) < 200) {
        $db = mysqli_init();
        $db->options(MYSQLI_OPT_CONNECT_TIMEOUT, 2);
        if (@$db->real_connect('127.0.0.1', 'triage', getenv('LAB2_DB_PASSWORD'), 'app', $port)) {
            $held[] = $db;
            continue;
        }
        if (!$announced) {
            printf("holding %d connections; the next was refused: [%d] %s\n", count($held), $db->connect_errno,
                $db->connect_error);
            $announced = true;
        }
    }
    usleep(200000);
}
printf("released %d connections\n", count($held));
