<?php
// The normal page: reads the database, renders, keeps a copy in the page cache on the lab disk.
// Failures are not caught: PHP logs "PHP Fatal error: Uncaught ..." (relayed by Apache as AH01071)
// and answers 500, as an ordinary application does.
require __DIR__ . '/lib.php';
header('Cache-Control: no-store');
$db = lab_db();
$db->query('UPDATE counters SET hits = hits + 1 WHERE name = "index"');
$hits = $db->query('SELECT hits FROM counters WHERE name = "index"')->fetch_row()[0];
$db->close();
$page = "<!DOCTYPE html>\n<title>lab2</title>\n<p>hello from lab2 (visit $hits)</p>\n";
lab_write('cache', $page, 'index.html');
echo $page;
