// A report from start to receipt: on the kiosk (with photos from its fake camera, the receipt and what the
// receipt printer gets), on a phone from a station's QR code, and the camera when the resident leaves early.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kioskSuite, checkScreen, ARTIFACTS, PHONE } from './helpers.js';

const k = kioskSuite();

test('report: category → words → photo (capture, retake, remove) → place (community → building → unit and floor) → phone → review → receipt, in under a minute', async () => {
  const { page, server } = k;
  // What the kiosk sends: the text fields of each report form it posts, kept in `window.__sentFields`.
  await page.addInitScript(() => {
    const original = window.fetch;
    window.__sentFields = [];
    window.fetch = (input, init) => {
      if (init?.body instanceof FormData) {
        window.__sentFields.push(Object.fromEntries([...init.body.entries()].filter(([, v]) => typeof v === 'string')));
      }
      return original(input, init);
    };
  });
  await k.home();
  const started = Date.now();
  await page.click('#start-report');
  await k.onScreen('category');
  await checkScreen(page, '03-category');
  await page.click('[data-category="environment"]');
  await k.onScreen('describe');
  await k.next();
  assert.match(await page.textContent('#describe-error'), /请先写几句话/, 'an empty description is explained, not sent');
  // Markup in the words stays words (on the receipt, too).
  await k.typeDescription('，3号楼东侧<b>垃圾桶</b>');
  await checkScreen(page, '04-describe');
  await k.next();

  await k.onScreen('photos');
  await page.waitForFunction(() => document.querySelector('#preview')?.videoWidth > 0);
  await page.click('#take-photo');
  await page.waitForFunction(() => document.querySelectorAll('.shot').length === 1);
  await page.click('#take-photo');
  await page.waitForFunction(() => document.querySelectorAll('.shot').length === 2);
  const firstPhoto = await page.getAttribute('.shot[data-photo="0"] img', 'src');
  await page.click('.shot[data-photo="0"] [data-action="retake"]');
  await page.click('#take-photo');
  await page.waitForFunction((old) => document.querySelector('.shot[data-photo="0"] img').src !== old, firstPhoto);
  assert.equal(await page.locator('.shot').count(), 2, 'a retake replaces, it does not add');
  await page.click('.shot[data-photo="1"] [data-action="remove"]');
  await page.waitForFunction(() => document.querySelectorAll('.shot').length === 1);
  await checkScreen(page, '05-photos');
  await k.next();

  await k.onScreen('place');
  // Nothing is chosen for the resident: 就在本站附近 is a choice of its own, and 下一步 asks for a choice.
  assert.equal(await page.locator('main [aria-pressed="true"]').count(), 0, 'no place chosen by default');
  assert.equal((await page.textContent('[data-place="station"]')).trim(), '就在本站附近（新华街道人大代表联络站）');
  // A place is read by its name alone when the name already says what kind it is (和谐社区, not 和谐社区社区).
  assert.equal(await page.getByRole('button', { name: '和谐社区', exact: true }).count(), 1);
  assert.equal(await page.getByRole('button', { name: /(社区|网格)\1/ }).count(), 0, 'no kind read twice');
  await checkScreen(page, '06-place');
  await k.next();
  assert.match(await page.textContent('#place-error'), /请先选一个地点/, 'asked to choose, not defaulted');
  assert.equal(await page.getAttribute('main', 'data-screen'), 'place');

  // The community, then the buildings of its grids (和谐里1–4号楼), or a grid, or 不知道楼号.
  await page.click('[data-place="HP-XH-HX"]');
  await page.waitForSelector('[data-building="HP-XH-HX-G2-B2"]');
  assert.deepEqual(await page.locator('[data-building]').evaluateAll((els) => els.map((el) => el.dataset.building)),
    ['HP-XH-HX-G1-B1', 'HP-XH-HX-G1-B2', 'HP-XH-HX-G2-B1', 'HP-XH-HX-G2-B2', 'unknown']);
  assert.equal(await page.locator('[data-place="HP-XH-HX-G1"]').count(), 1, 'a grid, for a resident who knows no building');
  await checkScreen(page, '06b-place-building');
  await page.click('[data-building="HP-XH-HX-G2-B2"]');

  // Unit and floor on a keypad: 2单元, 5层.
  await page.waitForSelector('#field-unit[aria-pressed="true"]');
  assert.equal((await page.textContent('[data-nav="next"]')).trim(), '不填，下一步', 'both may be left out');
  await page.click('[data-key="2"]');
  await page.click('#field-floor');
  await page.click('[data-key="5"]');
  assert.equal((await page.textContent('#place-preview')).trim(), '和谐里4号楼 2单元 5层');
  assert.equal((await page.textContent('[data-nav="next"]')).trim(), '下一步');
  await checkScreen(page, '06c-place-unit');
  await k.next();

  await k.onScreen('contact');
  for (const digit of '13812345678') await page.click(`[data-key="${digit}"]`);
  await k.next();
  assert.match(await page.textContent('#contact-error'), /同意/, 'a phone needs consent');
  await page.click('#consent-personal');
  await checkScreen(page, '07-contact');
  await k.next();

  await k.onScreen('review');
  assert.match(await page.textContent('main'), /138 1234 5678/);
  assert.equal((await page.textContent('#review-place')).trim(), '和谐社区 · 和谐里4号楼 2单元 5层', 'the place in full');
  await checkScreen(page, '08-review');
  const credentials = () => page.evaluate(() => JSON.parse(localStorage.getItem('liaison.kiosk.credentials')));
  const enrolled = await credentials();
  await page.click('#submit');

  await k.onScreen('receipt');
  const trackingCode = (await page.textContent('#tracking-code')).trim();
  assert.match(trackingCode, /^LS-[2-9A-Z]{3}-[2-9A-Z]{3}-[2-9A-Z]{3}$/);
  await page.waitForFunction(() => document.querySelector('img.qr')?.naturalWidth > 0);
  assert.notEqual((await credentials()).refresh_token, enrolled.refresh_token, 'the old access token was renewed first');
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 60000, `filed in ${elapsed} ms`);
  await checkScreen(page, '09-receipt');

  // The receipt printer gets the receipt alone: the code, what was reported in short (as text) and the deadlines
  // (the report's tracking view's: when it is taken up, the latest an answer comes).
  await page.waitForSelector('#print-due', { state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#screen'), false);
  assert.equal(await page.isVisible('#print-receipt'), true);
  assert.match(await page.textContent('#print-receipt'), new RegExp(trackingCode));
  assert.equal(await page.isVisible('#print-summary'), true);
  assert.equal((await page.textContent('#print-summary')).trim(), '反映的事：环境卫生 · 垃圾没有及时清运，3号楼东侧<b>垃圾桶</b>');
  assert.equal(await page.locator('#print-receipt b').count(), 0, 'no markup from the words');
  assert.equal(await page.isVisible('#print-due'), true);
  assert.match(await page.textContent('#print-due'), /^受理期限：\d{4}年\d{1,2}月\d{1,2}日/);
  assert.match(await page.textContent('#print-reply'), /^最迟 \d{4}年\d{1,2}月\d{1,2}日.* 前答复您$/);
  await page.screenshot({ path: join(ARTIFACTS, '09b-receipt-print.png') });
  await page.emulateMedia({ media: 'screen' });

  const tracked = await server.json(`/api/v1/reports/track/${trackingCode}`);
  assert.equal(tracked.photo_count, 1);
  assert.equal(tracked.category.code, 'environment');
  assert.equal(tracked.station.code, 'XH-01');
  assert.equal(await page.getAttribute('#print-due', 'data-due'), tracked.due_at);
  assert.equal(await page.getAttribute('#print-reply', 'data-answer-by'), tracked.answer_expected_by);

  // The place as the station's staff get it: the building (its contact deputy takes it), the address line.
  const [sent] = await page.evaluate(() => window.__sentFields);
  assert.equal(sent.building, 'HP-XH-HX-G2-B2');
  assert.equal(sent.area, 'HP-XH-HX-G2', 'the building’s grid');
  assert.equal(sent.address, '和谐里4号楼 2单元 5层');
  const { id } = (await server.stationReports()).find((r) => r.tracking_code === trackingCode);
  const filed = await server.json(`/api/v1/reports/${id}`, { token: await server.adminToken() });
  assert.equal(filed.address, '和谐里4号楼 2单元 5层');
  assert.equal(filed.place.building.code, 'HP-XH-HX-G2-B2');
  assert.equal(filed.place.area.code, 'HP-XH-HX-G2');
  assert.equal(filed.routing.deputy.code, 'D-007', 'the building’s contact deputy (赵磊)');
  assert.match(filed.routing.reason.zh, /楼栋联系代表/);

  await page.click('#done');
  await k.onScreen('attract');
});

test('double taps: the second tap of a double tap never acts on the screen the first one opened', async () => {
  const { page } = k;
  await k.home();
  // Where the first phrase chip and the deputies button are, on their screens.
  await page.click('#start-report');
  await k.onScreen('category');
  await page.click('[data-category="environment"]');
  await k.onScreen('describe');
  await k.settled();
  const chip = await k.middle('.chip >> nth=0');
  await page.click('[data-nav="back"]');
  await k.onScreen('category');
  await k.settled();

  // A tile, and right after it a tap where the next screen has a phrase chip: no phrase in the description.
  const tile = await k.middle('[data-category="environment"]');
  await page.mouse.click(tile.x, tile.y);
  await page.mouse.click(chip.x, chip.y);
  await k.onScreen('describe');
  await k.settled();
  assert.equal(await page.inputValue('#description'), '', 'the second tap was ignored');
  assert.equal((await page.evaluate(() => window.liaisonKiosk.draft())).description, '');
  await page.click('[data-nav="cancel"]');
  await k.onScreen('attract');
  await k.settled();
  const deputies = await k.middle('#start-deputies');

  // 完成 on the receipt, and right after it a tap where the attract screen has 本站代表: still the attract screen.
  await k.fillReport('（双击测试）路灯不亮', { photos: 0 });
  await page.click('#submit');
  await k.onScreen('receipt');
  await k.settled();
  const done = await k.middle('#done');
  await page.mouse.click(done.x, done.y);
  await page.mouse.click(deputies.x, deputies.y);
  await k.onScreen('attract');
  await k.settled();
  assert.equal(await page.evaluate(() => window.liaisonKiosk.view), 'attract');

  // Once the screen has settled, the same tap works.
  await page.mouse.click(deputies.x, deputies.y);
  await k.onScreen('deputies');
  await page.click('[data-nav="home"]');
  await k.onScreen('attract');
});

test('phrase chips toggle: a second tap takes out the phrase the first one added, and the chip shows it is pressed', async () => {
  const { page } = k;
  await k.home();
  await page.click('#start-report');
  await k.onScreen('category');
  await page.click('[data-category="environment"]');
  await k.onScreen('describe');
  const first = page.locator('.chip >> nth=0');
  const second = page.locator('.chip >> nth=1');
  const [one, two] = [(await first.textContent()).trim(), (await second.textContent()).trim()];
  assert.equal(await first.getAttribute('aria-pressed'), 'false');
  await first.click();
  assert.equal(await page.inputValue('#description'), one);
  assert.equal(await first.getAttribute('aria-pressed'), 'true');
  await page.locator('#description').press('End');
  await page.locator('#description').pressSequentially('，在3号楼');
  await second.click();
  assert.equal(await page.inputValue('#description'), `${one}，在3号楼，${two}`);
  assert.equal(await second.getAttribute('aria-pressed'), 'true');
  await checkScreen(page, '04b-describe-chips');
  await first.click();
  assert.equal(await page.inputValue('#description'), `在3号楼，${two}`, 'the phrase and its comma are taken out');
  assert.equal(await first.getAttribute('aria-pressed'), 'false');
  await second.click();
  assert.equal(await page.inputValue('#description'), '在3号楼');
  assert.equal(await second.getAttribute('aria-pressed'), 'false');
  assert.equal((await page.evaluate(() => window.liaisonKiosk.draft())).description, '在3号楼');
  await page.click('[data-nav="cancel"]');
  await k.onScreen('attract');
});

test('a station QR code on a phone: the same form, filed through the online mailbox', async () => {
  const { server } = k;
  const phone = await k.newContext(PHONE);
  const mobile = await phone.newPage();
  await mobile.goto(`${server.url}/kiosk/?station=XH-01#report`);
  await mobile.waitForSelector('main[data-screen="category"]');
  assert.match(mobile.url(), /\/kiosk\/\?station=XH-01#report$/);
  assert.ok(await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  await checkScreen(mobile, '19-phone-report');
  await mobile.click('[data-category="utilities"]');
  // Water, power and gas: on a phone the emergency numbers can be dialled before going on.
  await mobile.waitForSelector('main[data-screen="emergency"]');
  assert.deepEqual(await mobile.locator('a[href^="tel:"]').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ['tel:119', 'tel:12345']);
  await checkScreen(mobile, '19b-phone-emergency');
  await mobile.click('[data-nav="next"]');
  await mobile.fill('#description', '（手机测试）楼里停水两天了');
  await mobile.click('[data-nav="next"]');
  await mobile.waitForSelector('main[data-screen="photos"]');
  await mobile.click('[data-nav="next"]');
  await mobile.waitForSelector('main[data-screen="place"]');
  await mobile.click('[data-place="station"]');
  await mobile.waitForSelector('main[data-screen="contact"]');
  await mobile.click('#no-phone');
  await mobile.waitForSelector('main[data-screen="review"]');
  await mobile.click('#submit');
  await mobile.waitForSelector('#tracking-code');
  const code = (await mobile.textContent('#tracking-code')).trim();
  const filed = (await server.stationReports()).find((r) => r.tracking_code === code);
  assert.equal(filed.channel, 'web');
  await phone.close();
});

// getUserMedia, slowed by `?gumdelay=ms`, with every stream it opened kept in `window.__streams` and the answers
// handed to the page counted in `window.__cameraAnswers`.
async function watchCamera(page) {
  await page.addInitScript(() => {
    const original = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
    if (!original) return;
    const delay = Number(new URLSearchParams(location.search).get('gumdelay')) || 0;
    window.__streams = [];
    window.__cameraAnswers = 0;
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      window.__streams.push(stream);
      await new Promise((resolve) => setTimeout(resolve, delay));
      window.__cameraAnswers += 1; // the caller continues right after this, in the same task
      return stream;
    };
  });
}

const liveTracks = (page) => page.evaluate(() => window.__streams.map((s) => s.getTracks().filter((t) => t.readyState === 'live').length));

test('camera: leaving while it is still opening turns it off, and a photo waiting for it stays out of the next report', async () => {
  const { page } = k;
  await watchCamera(page);
  await k.home('&gumdelay=1500');
  await page.click('#start-report');
  await k.onScreen('category');
  await page.click('[data-category="environment"]');
  await k.onScreen('describe');
  await k.typeDescription('（相机测试）');
  await k.next();
  await k.onScreen('photos');
  await page.click('#take-photo'); // the camera is not on yet: the photo waits for it
  await page.click('[data-nav="cancel"]');
  await k.onScreen('attract');
  await page.click('#start-report'); // the next resident
  await k.onScreen('category');
  // The late camera has answered (and was turned off right then), and the photo waiting for it gave up.
  await page.waitForFunction(() => window.__cameraAnswers >= 1 && window.liaisonKiosk.photosWaiting() === 0);
  const live = await liveTracks(page);
  assert.ok(live.length >= 1, 'the camera was asked for');
  assert.deepEqual(live, live.map(() => 0), 'no camera left on');
  assert.equal((await page.evaluate(() => window.liaisonKiosk.draft())).photos, 0, 'no photo in the next report');

  // Two overlapping attaches: the first stream is stopped, not lost.
  const answers = await page.evaluate(async () => {
    window.__streams = [];
    const camera = await import('/kiosk/js/camera.js');
    return Promise.all([camera.attach(document.createElement('video')), camera.attach(document.createElement('video'))]);
  });
  assert.deepEqual(answers, [false, true]);
  assert.deepEqual(await liveTracks(page), [0, 1]);
  await page.evaluate(async () => (await import('/kiosk/js/camera.js')).stop());
  assert.deepEqual(await liveTracks(page), [0, 0]);
});
