// A phone's report form from a station's QR code: what the resident gives that the form cannot take is said, not
// dropped in silence (a file that is not a photo, text over the limit), and the character counter counts as the
// limit and the server do (code points: an emoji is one character).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kioskSuite, checkScreen, PHONE } from './helpers.js';

const k = kioskSuite({ enrolled: false });

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

test('phone form: text over 2000 characters is shortened with a word, emoji count once, other files are named', async () => {
  const { server } = k;
  const phone = await k.newContext(PHONE);
  const mobile = await phone.newPage();
  await mobile.goto(`${server.url}/kiosk/?station=XH-01#report`);
  await mobile.waitForSelector('main[data-screen="category"]');
  await mobile.click('[data-category="environment"]');
  await mobile.waitForSelector('main[data-screen="describe"]');

  // Emoji: one character each, for the counter as for the server.
  await mobile.fill('#description', '垃圾没人收😀😀');
  assert.match(await mobile.textContent('#counter'), /^7 \/ 2000/);
  assert.equal(await mobile.textContent('#describe-error'), '', 'nothing to say yet');

  // Pasted text over the limit: the first 2000 characters are kept, and the resident is told.
  await mobile.fill('#description', '😀'.repeat(1500) + '楼'.repeat(700));
  await mobile.waitForFunction(() => /2000/.test(document.querySelector('#describe-error').textContent));
  const value = await mobile.inputValue('#description');
  assert.equal([...value].length, 2000, 'cut to 2000 code points');
  assert.equal(value, '😀'.repeat(1500) + '楼'.repeat(500));
  assert.match(await mobile.textContent('#counter'), /^2000 \/ 2000/);
  assert.match(await mobile.textContent('#describe-error'), /只保留了前 2000 字/);
  await checkScreen(mobile, '20-phone-describe-cut');
  await mobile.fill('#description', '（手机测试）门口垃圾桶满了😀');
  assert.equal(await mobile.textContent('#describe-error'), '', 'the note goes once the text is edited');
  await mobile.click('[data-nav="next"]');

  // A photo and a file that is not one: the photo is kept, the other file is named.
  await mobile.waitForSelector('main[data-screen="photos"]');
  await mobile.setInputFiles('input[type="file"]', [
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') },
    { name: 'door.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await mobile.waitForFunction(() => document.querySelectorAll('.shot').length === 1);
  await mobile.waitForFunction(() => document.querySelector('#photo-notice').textContent.includes('notes.txt'));
  assert.match(await mobile.textContent('#photo-notice'), /“notes\.txt”不是照片，没有加入。其他照片已加入。/);
  await checkScreen(mobile, '21-phone-photos-refused');

  // English too.
  await mobile.click('#btn-lang');
  await mobile.setInputFiles('input[type="file"]', [{ name: 'a.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') }]);
  await mobile.waitForFunction(() => document.querySelector('#photo-notice').textContent.includes('a.pdf'));
  assert.match(await mobile.textContent('#photo-notice'), /“a\.pdf” is not a photo and was not added\.$/);
  assert.equal(await mobile.locator('.shot').count(), 1);
  await phone.close();
});

// getUserMedia refused with the error named by `?camerr=` (NotAllowedError: the resident said no; NotFoundError:
// there is no camera).
async function refuseCamera(context) {
  await context.addInitScript(() => {
    const name = new URLSearchParams(location.search).get('camerr');
    if (!name || !navigator.mediaDevices) return;
    navigator.mediaDevices.getUserMedia = async () => { throw new DOMException('refused', name); };
  });
}

async function toPhotos(mobile, url) {
  await mobile.goto(url);
  await mobile.waitForSelector('main[data-screen="category"]');
  await mobile.click('[data-category="environment"]');
  await mobile.waitForSelector('main[data-screen="describe"]');
  await mobile.fill('#description', '（相机测试）路灯不亮');
  await mobile.click('[data-nav="next"]');
  await mobile.waitForSelector('main[data-screen="photos"]');
}

test('camera refused or missing: 拍照 is disabled with the reason next to it, and the phone offers the file picker', async () => {
  const { server } = k;
  const phone = await k.newContext(PHONE);
  await refuseCamera(phone);
  const mobile = await phone.newPage();

  await toPhotos(mobile, `${server.url}/kiosk/?station=XH-01&camerr=NotAllowedError#report`);
  await mobile.waitForSelector('.camera[data-camera="denied"]');
  const take = mobile.locator('#take-photo');
  assert.equal(await take.isDisabled(), true, '拍照 cannot be pressed');
  assert.equal(await take.getAttribute('aria-disabled'), 'true');
  assert.equal(await take.getAttribute('aria-describedby'), 'camera-reason');
  const looks = (selector) => mobile.$eval(selector, (el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(await looks('#take-photo'), await looks('label.file-pick'), '拍照 looks disabled, unlike the picker');
  assert.match(await mobile.textContent('#camera-reason'), /摄像头没有获得允许，不能拍照。请点“选择照片”/);
  assert.equal(await mobile.locator('#preview').count(), 0, 'no dead preview');
  assert.equal(await mobile.locator('label.file-pick input[type="file"]').count(), 1, 'the file picker instead');
  await checkScreen(mobile, '22-phone-camera-denied');
  await mobile.setInputFiles('input[type="file"]', [{ name: 'door.png', mimeType: 'image/png', buffer: PNG }]);
  await mobile.waitForFunction(() => document.querySelectorAll('.shot').length === 1);

  await toPhotos(mobile, `${server.url}/kiosk/?station=XH-01&camerr=NotFoundError#report`);
  await mobile.waitForSelector('.camera[data-camera="missing"]');
  assert.equal(await mobile.locator('#take-photo').isDisabled(), true);
  assert.match(await mobile.textContent('#camera-reason'), /没有可用的摄像头，不能拍照。/);
  await mobile.click('#btn-lang');
  await mobile.waitForFunction(() => /No camera is available/.test(document.querySelector('#camera-reason').textContent));
  await checkScreen(mobile, '22b-phone-no-camera-en');
  await phone.close();
});

test('the form opened for a deputy (the kiosk link a deputy page gives): every step names the deputy the report goes to', async () => {
  const { server } = k;
  const { items } = await server.json('/api/v1/stations/XH-01/deputies');
  const deputy = items[0];
  const phone = await k.newContext(PHONE);
  const mobile = await phone.newPage();
  await mobile.goto(`${server.url}/kiosk/?deputy=${deputy.code}&station=XH-01#report`);
  await mobile.waitForSelector('main[data-screen="category"]');
  assert.match(mobile.url(), new RegExp(`deputy=${deputy.code}`));
  await mobile.waitForSelector('#to-deputy');
  assert.equal(await mobile.textContent('#to-deputy'), `反映给：${deputy.name.zh} 代表`);
  await checkScreen(mobile, '25-phone-deputy-form');
  await mobile.click('[data-category="environment"]');
  await mobile.waitForSelector('main[data-screen="describe"]');
  assert.equal(await mobile.textContent('#to-deputy'), `反映给：${deputy.name.zh} 代表`);
  await mobile.click('#btn-lang');
  await mobile.waitForFunction((name) => document.querySelector('#to-deputy')?.textContent === `To deputy ${name}`, deputy.name.en || deputy.name.zh);
  await phone.close();

  // A station's QR code names no deputy.
  const other = await k.newContext(PHONE);
  const page = await other.newPage();
  await page.goto(`${server.url}/kiosk/?station=XH-01#report`);
  await page.waitForSelector('main[data-screen="category"]');
  assert.equal(await page.locator('#to-deputy').count(), 0);
  await other.close();
});
