import { Line } from "@/lib/participant-page/line";

test("at most `limit` at work; the others get their turn in order of arrival", async () => {
  const line = new Line(2, 10);
  const order: number[] = [];
  const enter = async (i: number) => {
    await line.enter();
    order.push(i);
  };
  await Promise.all([enter(1), enter(2)]);
  const waiting = [enter(3), enter(4), enter(5)];
  await Promise.resolve();
  expect(order).toEqual([1, 2]);
  expect(line.size).toEqual({ active: 2, waiting: 3 });
  line.leave();
  line.leave();
  line.leave();
  await Promise.all(waiting);
  expect(order).toEqual([1, 2, 3, 4, 5]);
  expect(line.size).toEqual({ active: 2, waiting: 0 });
  line.leave();
  line.leave();
  expect(line.size).toEqual({ active: 0, waiting: 0 });
});

test("a full line turns the next one away at once", async () => {
  const line = new Line(1, 1);
  await expect(line.enter()).resolves.toBe(true);
  const second = line.enter();
  await expect(line.enter()).resolves.toBe(false);
  line.leave();
  await expect(second).resolves.toBe(true);
});
