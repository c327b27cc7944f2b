<?php
// The health page Varnish probes: a real query on the database and a real write on the app's disk.
// 200 {"status":"ok"} or 503 {"status":"unavailable","problems":{...}}; problems are logged.
require __DIR__ . '/lib.php';
header('Cache-Control: no-store');
header('Content-Type: application/json');
$problems = [];
try {
    $db = lab_db();
    $db->query('SELECT hits FROM counters LIMIT 1')->fetch_row();
    $db->close();
} catch (mysqli_sql_exception $error) {
    $problems['database'] = sprintf('[%d] %s', $error->getCode(), $error->getMessage());
}
try {
    lab_write('heartbeat', str_repeat("\0", 65536));
} catch (RuntimeException $error) {
    $problems['storage'] = $error->getMessage();
}
if ($problems) {
    http_response_code(503);
    error_log('health: unavailable: ' . json_encode($problems, JSON_UNESCAPED_SLASHES));
}
echo json_encode(['status' => $problems ? 'unavailable' : 'ok', 'problems' => (object) $problems]), "\n";
